package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.operator.EventRecorder.Type;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a reconcile's outcome into Events and metrics: the hand-over to the agent, every new round
 * with its frozen time, each waiting reason, the outcome. Round metrics are counted only for a
 * round whose Event is new, so they count each round once even across operator restarts.
 */
@ApplicationScoped
public class ProgressReporter {

  private final EventRecorder events;
  private final PreDumpMetrics metrics;

  /** A reporter recording through {@code events} and {@code metrics}. */
  public ProgressReporter(EventRecorder events, PreDumpMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /** Reports what {@code step} did to {@code preDump}, whose status is now {@code after}. */
  public void report(PreDump preDump, Step step, PreDumpStatus after) {
    if (step instanceof Step.Wait w) {
      events.once(preDump, "wait-" + w.reason(), Type.Normal, w.reason(), w.message());
    } else if (step instanceof Step.Dispatch) {
      events.once(
          preDump, "dispatch", Type.Normal, PreDumpReason.WaitingForAgent, after.getMessage());
    }
    for (RoundStatus round : after.getRounds()) {
      if (round.getRound() != null
          && events.once(
              preDump,
              "round-" + round.getRound(),
              Type.Normal,
              PreDumpReason.RoundsRunning,
              describe(round))) {
        metrics.round(after.getNodeName(), round);
      }
    }
    if (step instanceof Step.Succeed ok) {
      finished(preDump, Type.Normal, PreDumpPhase.Succeeded, ok.reason(), after.getMessage());
    } else if (step instanceof Step.Fail f) {
      finished(preDump, Type.Warning, PreDumpPhase.Failed, f.reason(), after.getMessage());
    }
    metrics.phase(ResourceID.fromResource(preDump), after.getPhase());
    Long rate =
        after.getPhase() == PreDumpPhase.Running && !after.getRounds().isEmpty()
            ? after.getRounds().get(after.getRounds().size() - 1).getDirtyBytesPerSecond()
            : null;
    metrics.dirtyRate(preDump, after.getNodeName(), rate);
  }

  private void finished(
      PreDump preDump, Type type, PreDumpPhase phase, PreDumpReason reason, String message) {
    if (events.once(preDump, "outcome", type, reason, message)) {
      metrics.finished(phase, reason);
    }
  }

  /** One line about a round: {@code Round 3 (Hash): frozen 4.2ms, 12.0 MiB dirty, ...}. */
  static String describe(RoundStatus round) {
    return "Round "
        + round.getRound()
        + " ("
        + round.getTracker()
        + "): frozen "
        + Units.micros(round.getFrozenTimeMicros())
        + ", "
        + Units.bytes(round.getDirtyBytes())
        + " dirty, "
        + Units.bytes(round.getBytesWritten())
        + " written"
        + (round.getThroughputBytesPerSecond() == null
            ? ""
            : " at " + Units.bytes(round.getThroughputBytesPerSecond()) + "/s");
  }
}
