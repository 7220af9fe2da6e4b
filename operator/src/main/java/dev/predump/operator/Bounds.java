package dev.predump.operator;

import java.time.Duration;

/**
 * The resolved limits and time bounds the operator enforces: {@link OperatorSettings} with the
 * agent namespace filled in. A plain record so that pure classes and their tests need no CDI.
 *
 * @param maxRunningPerNode most Running PreDumps per node
 * @param maxRunning most Running PreDumps in the cluster
 * @param agentNamespace namespace of the agents' Leases
 * @param leaseStaleAfter age past which an agent Lease no longer counts
 * @param agentMissingGrace how long a Pending PreDump waits for an agent on its node
 * @param silentAfter heartbeat age past which a Running PreDump fails with AgentLost
 * @param releaseAfter how long deletion waits for the agent's finalizer
 * @param timeoutGrace extra time past spec.timeout for the agent to report
 * @param podWait how long a Pending PreDump waits for its pod to run
 * @param queueRecheck how often a queued PreDump checks for a free slot
 */
public record Bounds(
    int maxRunningPerNode,
    int maxRunning,
    String agentNamespace,
    Duration leaseStaleAfter,
    Duration agentMissingGrace,
    Duration silentAfter,
    Duration releaseAfter,
    Duration timeoutGrace,
    Duration podWait,
    Duration queueRecheck) {

  /** The defaults of {@link OperatorSettings}, with the agents in {@code agentNamespace}. */
  public static Bounds defaults(String agentNamespace) {
    return new Bounds(
        2,
        10,
        agentNamespace,
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofMinutes(2),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(5));
  }
}
