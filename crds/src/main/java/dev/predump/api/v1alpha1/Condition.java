package dev.predump.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * One aspect of a PreDump's state, shaped like Kubernetes' metav1.Condition. Build and update them
 * with {@link Conditions}, which keeps {@code lastTransitionTime} while the status stays the same.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "type",
  "status",
  "reason",
  "message",
  "lastTransitionTime",
  "observedGeneration"
})
public class Condition {

  @Required
  @Size(min = 1, max = 316)
  @JsonPropertyDescription("Kind of condition: Ready, Converged or Progressing.")
  private String type;

  @Required
  @JsonPropertyDescription("Whether the condition holds: True, False or Unknown.")
  private ConditionStatus status;

  @Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
  @Size(max = 1024)
  @JsonPropertyDescription(
      "Why the condition has this status, in CamelCase (a PreDumpReason, e.g. PodNotFound).")
  private String reason;

  @Size(max = 32768)
  @JsonPropertyDescription("What happened, for humans.")
  private String message;

  @JsonPropertyDescription(
      "When the status last changed, RFC 3339 (\"2026-01-02T15:04:05Z\"). Unchanged when only"
          + " the reason or message changed.")
  private String lastTransitionTime;

  @Min(0)
  @JsonPropertyDescription("metadata.generation of the PreDump that the condition was set for.")
  private Long observedGeneration;

  /** Creates an empty condition (for Jackson). */
  public Condition() {}

  /** Creates a condition with every field. */
  public Condition(
      String type,
      ConditionStatus status,
      String reason,
      String message,
      String lastTransitionTime,
      Long observedGeneration) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
    this.lastTransitionTime = lastTransitionTime;
    this.observedGeneration = observedGeneration;
  }

  /** Kind of condition; see {@link ConditionType}. */
  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  /** Whether it holds. */
  public ConditionStatus getStatus() {
    return status;
  }

  public void setStatus(ConditionStatus status) {
    this.status = status;
  }

  /** CamelCase reason, usually a {@link PreDumpReason} name. */
  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  /** Human-readable message. */
  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  /** RFC 3339 time of the last status change. */
  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  /** Generation the condition was computed for. */
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c
        && Objects.equals(type, c.type)
        && status == c.status
        && Objects.equals(reason, c.reason)
        && Objects.equals(message, c.message)
        && Objects.equals(lastTransitionTime, c.lastTransitionTime)
        && Objects.equals(observedGeneration, c.observedGeneration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
  }

  @Override
  public String toString() {
    return type
        + "="
        + status
        + " ("
        + reason
        + ": "
        + message
        + ", since "
        + lastTransitionTime
        + ", generation "
        + observedGeneration
        + ")";
  }
}
