package dev.predump.agent.cgroup;

/** What the kernel reports about a cgroup's freezing. */
public enum FreezerState {
  /** Running; no freeze requested. */
  THAWED,
  /** A freeze was requested and some processes have not stopped yet. */
  FREEZING,
  /** Every process in the cgroup and its descendants is stopped. */
  FROZEN
}
