package dev.predump.api.v1alpha1;

/** How the node agent's rounds ended ({@code status.agentOutcome.result}). */
public enum AgentResult {
  /** The stop rule ended the rounds; the latest round is a usable parent for a final dump. */
  Completed,
  /** The rounds could not go on; earlier complete rounds stay intact. */
  Failed,
  /** The PreDump was deleted or turned terminal; the agent stopped and thawed. */
  Cancelled
}
