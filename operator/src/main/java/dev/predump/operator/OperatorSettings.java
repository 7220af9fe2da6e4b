package dev.predump.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator's configuration ({@code predump.*} in application.properties, or the matching
 * environment variables such as {@code PREDUMP_MAX_RUNNING_PER_NODE}).
 */
@ConfigMapping(prefix = "predump")
public interface OperatorSettings {

  /** Most PreDumps Running on one node at once; the rest wait Pending. */
  @WithDefault("2")
  int maxRunningPerNode();

  /** Most PreDumps Running in the whole cluster at once; the rest wait Pending. */
  @WithDefault("10")
  int maxRunning();

  /** Extra time after startTime + spec.timeout for the agent to report, before TimedOut. */
  @WithDefault("30s")
  Duration timeoutGrace();

  /**
   * How long after its creation a Pending PreDump waits for its pod to exist, be scheduled and run
   * before it fails with PodNotFound or PodNotRunning.
   */
  @WithDefault("60s")
  Duration podWait();

  /** How often a PreDump queued behind the concurrency limits checks for a free slot. */
  @WithDefault("5s")
  Duration queueRecheck();

  /** Everything about the node agents. */
  Agent agent();

  /** Leader election among operator replicas (off by default). */
  LeaderElection leaderElection();

  /** Leader election: one active replica at a time, holding a Lease. */
  interface LeaderElection {

    /** Whether replicas elect a leader; only the leader reconciles. */
    @WithDefault("false")
    boolean enabled();

    /** Name of the Lease the leader holds. */
    @WithDefault("predump-operator-leader")
    String leaseName();

    /** Namespace of that Lease; default the operator's own namespace. */
    Optional<String> namespace();
  }

  /** The node agents' presence and liveness bounds. */
  interface Agent {

    /** Namespace of the agents' Leases; default the operator's own namespace. */
    Optional<String> namespace();

    /** A Lease whose spec.renewTime is older than this does not count as a serving agent. */
    @WithDefault("30s")
    Duration leaseStaleAfter();

    /** How long a Pending PreDump waits for an agent on its node before NoAgentOnNode. */
    @WithDefault("30s")
    Duration missingGrace();

    /** A Running PreDump whose agent heartbeat is older than this fails with AgentLost. */
    @WithDefault("60s")
    Duration silentAfter();

    /** How long a deleted PreDump waits for the agent to remove its finalizer. */
    @WithDefault("2m")
    Duration releaseAfter();
  }
}
