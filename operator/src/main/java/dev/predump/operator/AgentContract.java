package dev.predump.operator;

import java.util.Optional;

/**
 * The contract between the operator and the node agent, which talk only through the API server (the
 * full text, with examples, is {@code operator/docs/operator.md}).
 *
 * <ol>
 *   <li><b>Dispatch.</b> A PreDump stays {@code Pending}, without the label {@code
 *       predump.dev/node}, until its pod runs on a node served by an agent and a concurrency slot
 *       is free. Then the operator patches {@code status.nodeName}, {@code status.podUID}, {@code
 *       status.containers[]} (name and containerID exactly as in the pod's containerStatuses, e.g.
 *       {@code containerd://<id>}), {@code phase=Running} and {@code startTime}, and then adds the
 *       label {@code predump.dev/node=<nodeName>}. The agent acts only on PreDumps that carry its
 *       node's label <i>and</i> are {@code Running}.
 *   <li><b>Presence.</b> Each agent holds a {@code coordination.k8s.io/v1} Lease named {@code
 *       predump-agent-<nodeName>} ({@link #leaseName}) in the agent namespace ({@code
 *       predump.agent.namespace}, default the operator's namespace), renewing {@code
 *       spec.renewTime} at least every 10 s. A node is served while that Lease's renewTime is
 *       younger than {@code predump.agent.lease-stale-after} (30 s). A Pending PreDump on a node
 *       without one waits with reason WaitingForAgent for {@code predump.agent.missing-grace} (30
 *       s, counted from the later of its creation and the moment the Lease went stale), then fails
 *       with NoAgentOnNode.
 *   <li><b>Progress.</b> The agent writes only its own status fields, as JSON merge patches of
 *       {@code StatusWriter.AGENT.mergePatch(status)} on the status subresource: {@code
 *       agentHeartbeatTime} (at least every 10 s while Running), {@code rounds[]}, {@code
 *       latestRound}, {@code latestRoundDirtyBytes}, {@code imagePath}, and once at the end {@code
 *       agentOutcome} {result Completed|Failed|Cancelled, reason (a PreDumpReason name), message,
 *       time}. The operator derives everything else: phase (Completed → Succeeded, Failed or
 *       Cancelled → Failed), conditions, completionTime, message, the estimates ({@link
 *       FinalDumpEstimate}), Events and metrics.
 *   <li><b>Silence.</b> A Running PreDump whose {@code agentHeartbeatTime} (or startTime, before
 *       the first) is older than {@code predump.agent.silent-after} (60 s) fails with AgentLost.
 *   <li><b>Timeout.</b> A Running PreDump past startTime + spec.timeout + {@code
 *       predump.timeout-grace} (30 s) fails with TimedOut. On any operator-set terminal phase the
 *       agent stops the rounds, thaws and may report {@code agentOutcome} Cancelled.
 *   <li><b>Deletion.</b> The operator adds its finalizer {@code predump.dev/operator} on the first
 *       reconcile. The agent adds {@code predump.dev/agent} when it starts work and removes it
 *       after thawing and applying {@code spec.retention.onDelete}. On deletion the operator waits
 *       for the agent's finalizer; when the node's Lease is stale or missing, or {@code
 *       predump.agent.release-after} (2 m) passed since the deletion, it removes the agent's
 *       finalizer itself, records a Warning Event ImagesOrphaned naming {@code imagePath}, and then
 *       removes its own.
 *   <li><b>TTL.</b> {@code spec.retention.ttlSecondsAfterFinished} after completionTime the
 *       operator deletes the PreDump (which runs the deletion above).
 *   <li><b>Concurrency.</b> At most {@code predump.max-running-per-node} (2) and {@code
 *       predump.max-running} (10) PreDumps are Running; the others stay Pending with condition
 *       Progressing=False reason ConcurrencyLimit and a message naming the limit they wait for.
 * </ol>
 */
public final class AgentContract {

  /** Prefix of the agents' Lease names; the node name follows. */
  public static final String LEASE_PREFIX = "predump-agent-";

  private AgentContract() {}

  /** Name of the Lease the agent of {@code node} holds. */
  public static String leaseName(String node) {
    return LEASE_PREFIX + node;
  }

  /** The node of an agent Lease name, or empty for other Leases. */
  public static Optional<String> nodeOfLease(String leaseName) {
    if (leaseName == null
        || !leaseName.startsWith(LEASE_PREFIX)
        || leaseName.length() == LEASE_PREFIX.length()) {
      return Optional.empty();
    }
    return Optional.of(leaseName.substring(LEASE_PREFIX.length()));
  }
}
