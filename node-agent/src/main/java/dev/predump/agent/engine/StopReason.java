package dev.predump.agent.engine;

/** Why a pre-copy run ended. */
public enum StopReason {
  /** A round's dirty bytes fell below the convergence threshold. */
  CONVERGED,
  /** The maximum number of rounds was reached before converging. */
  MAX_ROUNDS,
  /** The dirty set stopped shrinking: more rounds would not shorten the final dump. */
  NOT_CONVERGING,
  /** The overall timeout passed. */
  TIMED_OUT,
  /** Every target process exited. */
  TARGET_EXITED,
  /** The caller cancelled the run. */
  CANCELLED,
  /** A round kept the target stopped longer than the freeze budget and was abandoned. */
  FREEZE_BUDGET_EXCEEDED
}
