package dev.predump.agent.cluster;

import dev.predump.agent.engine.RunResult;
import dev.predump.agent.engine.StopReason;
import dev.predump.api.v1alpha1.AgentOutcome;
import dev.predump.api.v1alpha1.AgentResult;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.TargetContainer;
import dev.predump.api.v1alpha1.Timestamps;
import java.io.IOException;
import java.time.Instant;

/** Builds {@code status.agentOutcome} from how the engine's run ended. Pure. */
public final class Outcomes {
  private Outcomes() {}

  /** The API's reason for an engine stop reason. */
  public static PreDumpReason reason(StopReason reason) {
    return switch (reason) {
      case CONVERGED -> PreDumpReason.Converged;
      case MAX_ROUNDS -> PreDumpReason.MaxRoundsReached;
      case NOT_CONVERGING -> PreDumpReason.NotConverging;
      case FREEZE_BUDGET_EXCEEDED -> PreDumpReason.FreezeBudgetExceeded;
      case TARGET_EXITED -> PreDumpReason.TargetExited;
      case TIMED_OUT -> PreDumpReason.TimedOut;
      case CANCELLED -> PreDumpReason.Cancelled;
    };
  }

  /** Whether the stop rule ended the run (the chain is a usable parent). */
  public static boolean completed(StopReason reason) {
    return reason == StopReason.CONVERGED
        || reason == StopReason.MAX_ROUNDS
        || reason == StopReason.NOT_CONVERGING;
  }

  /** The outcome of a run. */
  public static AgentOutcome of(RunResult result, Instant at) {
    AgentResult r;
    if (result.reason() == StopReason.CANCELLED) {
      r = AgentResult.Cancelled;
    } else if (!result.failed() && completed(result.reason())) {
      r = AgentResult.Completed;
    } else {
      r = AgentResult.Failed;
    }
    return of(r, reason(result.reason()), result.message(), at);
  }

  /** The outcome of an I/O error that ended the rounds: full storage, a cancel, or else. */
  public static AgentOutcome ofIoFailure(IOException e, boolean cancelled, Instant at) {
    if (StorageErrors.isStorageFull(e)) {
      return of(AgentResult.Failed, PreDumpReason.StorageFull, e.getMessage(), at);
    }
    if (cancelled) {
      return of(AgentResult.Cancelled, PreDumpReason.Cancelled, "cancelled: " + e, at);
    }
    return of(AgentResult.Failed, PreDumpReason.InternalError, e.toString(), at);
  }

  /** The outcome when a container's cgroup is not on this node. */
  public static AgentOutcome containerNotFound(TargetContainer c, Instant at) {
    return of(
        AgentResult.Failed,
        PreDumpReason.ContainerNotFound,
        "No cgroup of container " + c.getName() + " (" + c.getContainerID() + ") on this node",
        at);
  }

  /** An outcome from its parts. */
  public static AgentOutcome of(
      AgentResult result, PreDumpReason reason, String message, Instant at) {
    AgentOutcome o = new AgentOutcome();
    o.setResult(result);
    o.setReason(reason);
    o.setMessage(message);
    o.setTime(Timestamps.micros(at));
    return o;
  }
}
