package dev.predump.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * How the node agent's rounds ended ({@code status.agentOutcome}), written once by the agent. The
 * operator turns it into the phase and conditions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"result", "reason", "message", "time"})
public class AgentOutcome {

  @Required
  @JsonPropertyDescription(
      "How the rounds ended: Completed (stopped by the stop rule; the chain is usable), "
          + "Failed or Cancelled.")
  private AgentResult result;

  @Required
  @JsonPropertyDescription(
      "Why: Converged, MaxRoundsReached or NotConverging when Completed; the failure "
          + "reason (e.g. FreezeBudgetExceeded, StorageFull, TargetExited, Unsupported) when "
          + "Failed; Cancelled when Cancelled.")
  private PreDumpReason reason;

  @JsonPropertyDescription("What happened, for humans.")
  private String message;

  @JsonPropertyDescription("When the agent stopped the rounds, RFC 3339.")
  private String time;

  /** Creates an empty AgentOutcome. */
  public AgentOutcome() {}

  /** How the rounds ended. */
  public AgentResult getResult() {
    return result;
  }

  public void setResult(AgentResult result) {
    this.result = result;
  }

  /** Why they ended. */
  public PreDumpReason getReason() {
    return reason;
  }

  public void setReason(PreDumpReason reason) {
    this.reason = reason;
  }

  /** Human-readable detail. */
  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  /** RFC 3339 time the rounds ended. */
  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AgentOutcome a
        && Objects.equals(result, a.result)
        && Objects.equals(reason, a.reason)
        && Objects.equals(message, a.message)
        && Objects.equals(time, a.time);
  }

  @Override
  public int hashCode() {
    return Objects.hash(result, reason, message, time);
  }

  @Override
  public String toString() {
    return "AgentOutcome{result="
        + result
        + ", reason="
        + reason
        + ", message="
        + message
        + ", time="
        + time
        + "}";
  }
}
