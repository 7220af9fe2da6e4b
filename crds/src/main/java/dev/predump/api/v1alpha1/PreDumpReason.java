package dev.predump.api.v1alpha1;

/**
 * Machine-readable reasons, as {@code status.conditions[].reason}, {@code
 * status.agentOutcome.reason} and the reason of Kubernetes Events. The constant's name is the value
 * on the wire.
 */
public enum PreDumpReason {
  /** No pod of that name in the PreDump's namespace. */
  PodNotFound,
  /** The pod is not scheduled or not running, or a chosen container is not running. */
  PodNotRunning,
  /** The pod's UID differs from spec.podUID or from the one recorded at start. */
  PodReplaced,
  /** The pod has no container of a name in spec.containers. */
  ContainerNotFound,
  /** No node agent serves the pod's node. */
  NoAgentOnNode,
  /** The node agent stopped reporting for longer than the operator allows. */
  AgentLost,
  /** A round stayed frozen longer than spec.freezeBudget; the containers were thawed. */
  FreezeBudgetExceeded,
  /** The storage for the images is full or not writable. */
  StorageFull,
  /** A target process or container exited while the rounds ran. */
  TargetExited,
  /** spec.timeout passed before the stop rule ended the rounds. */
  TimedOut,
  /** The node cannot do what the spec asks (e.g. SoftDirty on a kernel without it). */
  Unsupported,
  /** The spec breaks a rule of the API; the message says which. */
  InvalidSpec,
  /** The PreDump was deleted while it ran. */
  Cancelled,
  /** The latest round dirtied fewer bytes than spec.rounds.convergeBelow. */
  Converged,
  /** spec.rounds.max rounds ran without converging. */
  MaxRoundsReached,
  /** The dirty set grew by more than spec.rounds.maxGrowthPercent from one round to the next. */
  NotConverging,
  /** Waiting for the operator to resolve the pod and hand the PreDump to an agent. */
  Resolving,
  /** Waiting for a slot: the node or the cluster already runs its most PreDumps. */
  ConcurrencyLimit,
  /** Handed to the node agent, which has not reported yet. */
  WaitingForAgent,
  /** The agent is running rounds. */
  RoundsRunning,
  /** Deletion was forced past an absent agent; images may be left on storage. */
  ImagesOrphaned,
  /** An unexpected error; the message has the details. */
  InternalError
}
