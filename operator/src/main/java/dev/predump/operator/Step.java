package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDumpReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What the reconciler does with a PreDump this time, as decided by {@link PhaseDecider}. */
public sealed interface Step {

  /** When to look again without an event, if at all. */
  Optional<Duration> recheck();

  /**
   * Stay Pending.
   *
   * @param reason what it waits for (PodNotFound, PodNotRunning, WaitingForAgent, ConcurrencyLimit)
   * @param message what it waits for, for humans
   * @param after when to look again
   */
  record Wait(PreDumpReason reason, String message, Duration after) implements Step {
    @Override
    public Optional<Duration> recheck() {
      return Optional.of(after);
    }
  }

  /**
   * Hand the PreDump to the agent of its node, once a concurrency slot is granted.
   *
   * @param target the resolved pod and containers
   */
  record Dispatch(Resolution.Resolved target) implements Step {
    @Override
    public Optional<Duration> recheck() {
      return Optional.empty();
    }
  }

  /**
   * Stay Running and refresh the progress fields.
   *
   * @param after when the next deadline (agent silence, timeout) passes
   */
  record Run(Duration after) implements Step {
    @Override
    public Optional<Duration> recheck() {
      return Optional.of(after);
    }
  }

  /**
   * Turn Succeeded.
   *
   * @param reason how the rounds ended (Converged, MaxRoundsReached, NotConverging)
   * @param message what happened
   * @param at when the rounds ended
   */
  record Succeed(PreDumpReason reason, String message, Instant at) implements Step {
    @Override
    public Optional<Duration> recheck() {
      return Optional.empty();
    }
  }

  /**
   * Turn Failed.
   *
   * @param reason why
   * @param message what happened
   * @param at when it failed
   */
  record Fail(PreDumpReason reason, String message, Instant at) implements Step {
    @Override
    public Optional<Duration> recheck() {
      return Optional.empty();
    }
  }

  /**
   * Already Succeeded or Failed: keep the outcome, apply the TTL.
   *
   * @param ttlLeft time until the TTL deletes the PreDump (zero or less: delete now); null without
   *     a TTL
   */
  record Finished(Duration ttlLeft) implements Step {

    /** Whether the TTL has passed. */
    public boolean expired() {
      return ttlLeft != null && (ttlLeft.isNegative() || ttlLeft.isZero());
    }

    @Override
    public Optional<Duration> recheck() {
      return ttlLeft == null || expired() ? Optional.empty() : Optional.of(ttlLeft);
    }
  }
}
