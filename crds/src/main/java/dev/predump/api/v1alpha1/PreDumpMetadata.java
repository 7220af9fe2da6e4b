package dev.predump.api.v1alpha1;

/** Label, finalizer and annotation keys that the operator and the agent put on PreDumps. */
public final class PreDumpMetadata {

  /**
   * Label with the name of the node whose agent serves the PreDump; set by the operator once it
   * resolved the pod. Each agent watches {@code predump.dev/node=<its node>} only.
   */
  public static final String NODE_LABEL = PreDump.GROUP + "/node";

  /** Finalizer of the operator: it releases the PreDump's slot and metrics before deletion. */
  public static final String OPERATOR_FINALIZER = PreDump.GROUP + "/operator";

  /**
   * Finalizer of the node agent, added when it accepts the PreDump: on deletion it stops the
   * rounds, thaws, applies spec.retention.onDelete and then removes this finalizer. The operator
   * removes it itself when the agent is gone for too long, and records that images may be orphaned.
   */
  public static final String AGENT_FINALIZER = PreDump.GROUP + "/agent";

  private PreDumpMetadata() {}
}
