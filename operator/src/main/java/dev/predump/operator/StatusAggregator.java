package dev.predump.operator;

import dev.predump.api.v1alpha1.Condition;
import dev.predump.api.v1alpha1.ConditionStatus;
import dev.predump.api.v1alpha1.ConditionType;
import dev.predump.api.v1alpha1.Conditions;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.api.v1alpha1.Timestamps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the operator's status fields (phase, conditions, resolution, estimates, times, message)
 * for a {@link Step}. Pure: it returns a new status and leaves the agent's fields as observed, so
 * {@code StatusWriter.OPERATOR.sameOwnFields(observed, desired)} tells whether to patch at all.
 */
public final class StatusAggregator {

  private StatusAggregator() {}

  /** The status the PreDump should have after {@code step}, decided at {@code now}. */
  public static PreDumpStatus desired(PreDump preDump, Step step, Instant now) {
    PreDumpStatus observed =
        preDump.getStatus() == null ? new PreDumpStatus() : preDump.getStatus();
    PreDumpStatus s = copy(observed);
    long generation =
        preDump.getMetadata().getGeneration() == null ? 0 : preDump.getMetadata().getGeneration();
    s.setObservedGeneration(generation);
    FinalDumpEstimate estimate = FinalDumpEstimate.of(s);
    s.setEstimatedFinalDumpBytes(estimate.bytes());
    s.setEstimatedFinalDumpMillis(estimate.millis());
    Conditioner c = new Conditioner(s.getConditions(), generation, now);
    if (step instanceof Step.Wait w) {
      s.setPhase(PreDumpPhase.Pending);
      c.all(
          ConditionStatus.Unknown,
          ConditionStatus.False,
          ConditionStatus.Unknown,
          w.reason(),
          w.message());
      s.setMessage(w.message());
    } else if (step instanceof Step.Dispatch d) {
      s.setPhase(PreDumpPhase.Running);
      s.setNodeName(d.target().nodeName());
      s.setPodUID(d.target().podUID());
      s.setContainers(new ArrayList<>(d.target().containers()));
      s.setStartTime(Timestamps.seconds(now));
      String message = dispatched(s);
      c.all(
          ConditionStatus.Unknown,
          ConditionStatus.True,
          ConditionStatus.Unknown,
          PreDumpReason.WaitingForAgent,
          message);
      s.setMessage(message);
    } else if (step instanceof Step.Run) {
      s.setPhase(PreDumpPhase.Running);
      if (s.getRounds().isEmpty()) {
        String message = dispatched(s);
        c.all(
            ConditionStatus.Unknown,
            ConditionStatus.True,
            ConditionStatus.Unknown,
            PreDumpReason.WaitingForAgent,
            message);
        s.setMessage(message);
      } else {
        String message = progress(s, estimate);
        c.all(
            ConditionStatus.Unknown,
            ConditionStatus.True,
            ConditionStatus.Unknown,
            PreDumpReason.RoundsRunning,
            message);
        s.setMessage(message);
      }
    } else if (step instanceof Step.Succeed ok) {
      s.setPhase(PreDumpPhase.Succeeded);
      finish(s, ok.at());
      String message = ok.message() + ". " + summary(s, estimate);
      ConditionStatus converged = ConditionStatus.of(ok.reason() == PreDumpReason.Converged);
      c.all(ConditionStatus.True, ConditionStatus.False, converged, ok.reason(), message);
      s.setMessage(message);
    } else if (step instanceof Step.Fail f) {
      s.setPhase(PreDumpPhase.Failed);
      finish(s, f.at());
      c.all(
          ConditionStatus.False,
          ConditionStatus.False,
          ConditionStatus.False,
          f.reason(),
          f.message());
      s.setMessage(f.message());
    }
    // Step.Finished: the outcome stands; only the generation and the estimates follow late reports.
    s.setConditions(c.conditions);
    return s;
  }

  /**
   * The status after an unexpected error: the Progressing condition keeps its status and gets
   * reason InternalError with {@code message}; everything else stays.
   */
  public static PreDumpStatus afterError(PreDump preDump, String message, Instant now) {
    PreDumpStatus s = copy(preDump.getStatus() == null ? new PreDumpStatus() : preDump.getStatus());
    long generation =
        preDump.getMetadata().getGeneration() == null ? 0 : preDump.getMetadata().getGeneration();
    ConditionStatus progressing = Conditions.statusOf(s.getConditions(), ConditionType.PROGRESSING);
    s.setConditions(
        Conditions.set(
            s.getConditions(),
            ConditionType.PROGRESSING,
            progressing,
            PreDumpReason.InternalError,
            message,
            generation,
            now));
    s.setMessage(message);
    return s;
  }

  private static void finish(PreDumpStatus s, Instant at) {
    if (s.getCompletionTime() == null) {
      s.setCompletionTime(Timestamps.seconds(at));
    }
  }

  private static String dispatched(PreDumpStatus s) {
    return "Handed to the agent on node "
        + s.getNodeName()
        + " (containers "
        + TargetResolver.names(s.getContainers())
        + "); no round reported yet";
  }

  private static String progress(PreDumpStatus s, FinalDumpEstimate estimate) {
    return "Round "
        + latest(s).getRound()
        + " done on node "
        + s.getNodeName()
        + ". "
        + summary(s, estimate);
  }

  private static String summary(PreDumpStatus s, FinalDumpEstimate estimate) {
    if (s.getRounds().isEmpty()) {
      return "No round completed";
    }
    RoundStatus last = latest(s);
    return s.getRounds().size()
        + " round(s); the latest dirtied "
        + Units.bytes(last.getDirtyBytes())
        + ", frozen "
        + Units.micros(last.getFrozenTimeMicros())
        + "; a final dump now would copy about "
        + Units.bytes(estimate.bytes())
        + (estimate.millis() == null ? "" : " in about " + estimate.millis() + "ms");
  }

  private static RoundStatus latest(PreDumpStatus s) {
    return s.getRounds().get(s.getRounds().size() - 1);
  }

  private static PreDumpStatus copy(PreDumpStatus status) {
    return Serialization.clone(status);
  }

  /** Sets the three conditions together. */
  private static final class Conditioner {
    private List<Condition> conditions;
    private final long generation;
    private final Instant now;

    Conditioner(List<Condition> conditions, long generation, Instant now) {
      this.conditions = conditions;
      this.generation = generation;
      this.now = now;
    }

    void all(
        ConditionStatus ready,
        ConditionStatus progressing,
        ConditionStatus converged,
        PreDumpReason reason,
        String message) {
      conditions =
          Conditions.set(conditions, ConditionType.READY, ready, reason, message, generation, now);
      conditions =
          Conditions.set(
              conditions, ConditionType.PROGRESSING, progressing, reason, message, generation, now);
      conditions =
          Conditions.set(
              conditions, ConditionType.CONVERGED, converged, reason, message, generation, now);
    }
  }
}
