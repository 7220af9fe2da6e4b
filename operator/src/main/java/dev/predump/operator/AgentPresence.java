package dev.predump.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Whether a node agent serves a node, read from its Lease ({@link AgentContract#leaseName}): it
 * does while the Lease's {@code spec.renewTime} is younger than the stale bound. Pure.
 *
 * @param served whether the agent counts as present now
 * @param staleAt when the Lease goes stale unless renewed; null without a Lease
 */
public record AgentPresence(boolean served, Instant staleAt) {

  /**
   * Reads the Lease of a node's agent.
   *
   * @param lease the Lease, or null when there is none
   * @param now the time to judge at
   * @param staleAfter age past which a Lease no longer counts
   */
  public static AgentPresence of(Lease lease, Instant now, Duration staleAfter) {
    Optional<Instant> renewed = renewTime(lease);
    if (renewed.isEmpty()) {
      return new AgentPresence(false, null);
    }
    Instant staleAt = renewed.get().plus(staleAfter);
    return new AgentPresence(now.isBefore(staleAt), staleAt);
  }

  /**
   * Since when a PreDump created at {@code created} has been without an agent: the later of its
   * creation and the moment the Lease went stale. The missing-agent grace counts from here, so an
   * agent that vanishes while a PreDump is queued gets the whole grace to come back.
   */
  public Instant missingSince(Instant created) {
    return staleAt == null || staleAt.isBefore(created) ? created : staleAt;
  }

  private static Optional<Instant> renewTime(Lease lease) {
    if (lease == null || lease.getSpec() == null) {
      return Optional.empty();
    }
    ZonedDateTime time = lease.getSpec().getRenewTime();
    if (time == null) {
      time = lease.getSpec().getAcquireTime();
    }
    return Optional.ofNullable(time).map(ZonedDateTime::toInstant);
  }
}
