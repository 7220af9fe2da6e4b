package dev.predump.operator;

import dev.predump.api.v1alpha1.AgentOutcome;
import dev.predump.api.v1alpha1.AgentResult;
import dev.predump.api.v1alpha1.Durations;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpRules;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides the next {@link Step} of a valid PreDump from an {@link Observation}: the phase machine
 * Pending → Running → Succeeded | Failed with its deadlines. Pure: no client, no clock of its own.
 */
public final class PhaseDecider {

  /** Added to a recheck so that it lands just after the deadline it waits for, not before. */
  static final Duration MARGIN = Duration.ofMillis(50);

  private final Bounds bounds;

  /** A decider enforcing {@code bounds}. */
  public PhaseDecider(Bounds bounds) {
    this.bounds = bounds;
  }

  /** How often a PreDump queued behind the concurrency limits looks for a free slot. */
  public Duration queueRecheck() {
    return bounds.queueRecheck();
  }

  /** The step for the observed PreDump. */
  public Step decide(Observation observation) {
    PreDumpStatus status = observation.preDump().getStatus();
    PreDumpPhase phase =
        status == null || status.getPhase() == null ? PreDumpPhase.Pending : status.getPhase();
    return switch (phase) {
      case Pending -> pending(observation);
      case Running -> running(observation);
      case Succeeded, Failed -> finished(observation);
    };
  }

  private Step pending(Observation o) {
    Instant created = createdAt(o.preDump(), o.now());
    Resolution resolution = TargetResolver.resolve(o.preDump(), o.pod());
    if (resolution instanceof Resolution.Unresolved u) {
      Instant deadline = created.plus(bounds.podWait());
      if (u.permanent() || !o.now().isBefore(deadline)) {
        return new Step.Fail(u.reason(), u.message(), o.now());
      }
      return new Step.Wait(
          u.reason(),
          u.message() + "; waiting until " + Timestamps.seconds(deadline),
          until(o.now(), deadline));
    }
    Resolution.Resolved target = (Resolution.Resolved) resolution;
    AgentPresence agent = AgentPresence.of(o.agentLease(), o.now(), bounds.leaseStaleAfter());
    if (!agent.served()) {
      Instant deadline = agent.missingSince(created).plus(bounds.agentMissingGrace());
      String missing =
          "No node agent serves node "
              + target.nodeName()
              + " (no fresh Lease "
              + AgentContract.leaseName(target.nodeName())
              + " in namespace "
              + bounds.agentNamespace()
              + ")";
      if (!o.now().isBefore(deadline)) {
        return new Step.Fail(PreDumpReason.NoAgentOnNode, missing, o.now());
      }
      return new Step.Wait(
          PreDumpReason.WaitingForAgent,
          missing + "; waiting until " + Timestamps.seconds(deadline),
          until(o.now(), deadline));
    }
    return new Step.Dispatch(target);
  }

  private Step running(Observation o) {
    PreDump preDump = o.preDump();
    PreDumpStatus status = preDump.getStatus();
    AgentOutcome outcome = status.getAgentOutcome();
    if (outcome != null && outcome.getResult() != null) {
      return fromOutcome(outcome, o.now());
    }
    Optional<Resolution.Unresolved> gone = TargetResolver.recheck(preDump, o.pod());
    if (gone.isPresent()) {
      return new Step.Fail(gone.get().reason(), gone.get().message(), o.now());
    }
    Instant started = parse(status.getStartTime()).orElse(o.now());
    Duration timeout =
        Durations.parse(orDefault(preDump.getSpec().getTimeout(), PreDumpRules.TIMEOUT_DEFAULT));
    Instant timeoutAt = started.plus(timeout).plus(bounds.timeoutGrace());
    if (!o.now().isBefore(timeoutAt)) {
      return new Step.Fail(
          PreDumpReason.TimedOut,
          "spec.timeout of " + Durations.format(timeout) + " passed before the rounds ended",
          o.now());
    }
    Instant heard =
        parse(status.getAgentHeartbeatTime()).filter(t -> t.isAfter(started)).orElse(started);
    Instant silentAt = heard.plus(bounds.silentAfter());
    if (!o.now().isBefore(silentAt)) {
      return new Step.Fail(
          PreDumpReason.AgentLost,
          "The agent on node "
              + status.getNodeName()
              + " has not reported since "
              + Timestamps.seconds(heard)
              + " (bound "
              + Durations.format(bounds.silentAfter())
              + ")",
          o.now());
    }
    Instant next = timeoutAt.isBefore(silentAt) ? timeoutAt : silentAt;
    return new Step.Run(until(o.now(), next));
  }

  private static Step fromOutcome(AgentOutcome outcome, Instant now) {
    Instant at = parse(outcome.getTime()).orElse(now);
    String message = outcome.getMessage();
    if (outcome.getResult() == AgentResult.Completed) {
      PreDumpReason reason =
          outcome.getReason() == null ? PreDumpReason.MaxRoundsReached : outcome.getReason();
      return new Step.Succeed(
          reason, message == null ? "The rounds ended: " + reason : message, at);
    }
    PreDumpReason reason =
        outcome.getReason() != null
            ? outcome.getReason()
            : outcome.getResult() == AgentResult.Cancelled
                ? PreDumpReason.Cancelled
                : PreDumpReason.InternalError;
    return new Step.Fail(
        reason, message == null ? "The agent stopped the rounds: " + reason : message, at);
  }

  private Step finished(Observation o) {
    PreDump preDump = o.preDump();
    Integer ttl =
        preDump.getSpec().getRetention() == null
            ? null
            : preDump.getSpec().getRetention().getTtlSecondsAfterFinished();
    if (ttl == null) {
      return new Step.Finished(null);
    }
    Instant completed = parse(preDump.getStatus().getCompletionTime()).orElse(o.now());
    Instant deleteAt = completed.plusSeconds(ttl);
    return new Step.Finished(Duration.between(o.now(), deleteAt));
  }

  /** Creation time of the PreDump; {@code now} when the API server did not set one. */
  static Instant createdAt(PreDump preDump, Instant now) {
    return parse(preDump.getMetadata().getCreationTimestamp()).orElse(now);
  }

  private static Duration until(Instant now, Instant deadline) {
    Duration left = Duration.between(now, deadline);
    return (left.isNegative() ? Duration.ZERO : left).plus(MARGIN);
  }

  static Optional<Instant> parse(String time) {
    if (time == null || time.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Timestamps.parse(time));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
