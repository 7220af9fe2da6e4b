package dev.predump.api.v1alpha1;

/**
 * Where a PreDump is in its life ({@code status.phase}, written by the operator). The agent runs
 * rounds only while the phase is Running; Succeeded and Failed are terminal.
 */
public enum PreDumpPhase {
  /** Accepted, not running yet: resolving the pod, waiting for an agent or a concurrency slot. */
  Pending,
  /** The node agent is running rounds. */
  Running,
  /** The stop rule ended the rounds; the latest round is a usable parent for a final dump. */
  Succeeded,
  /** Ended by an error, a timeout or an invalid spec; the reason is in the Ready condition. */
  Failed;

  /** Whether nothing more will happen to the PreDump in this phase. */
  public boolean isTerminal() {
    return this == Succeeded || this == Failed;
  }
}
