package dev.predump.api.v1alpha1;

/** The condition types of a PreDump ({@code status.conditions[].type}), all set by the operator. */
public final class ConditionType {

  /**
   * True once the PreDump Succeeded: the chain is ready for a final dump. False with the failure
   * reason when it Failed; Unknown with a waiting reason before.
   */
  public static final String READY = "Ready";

  /**
   * True when the latest round dirtied fewer bytes than spec.rounds.convergeBelow; False with
   * MaxRoundsReached or NotConverging when the rounds stopped without converging.
   */
  public static final String CONVERGED = "Converged";

  /** True while rounds run; False with the reason once they stopped or cannot start. */
  public static final String PROGRESSING = "Progressing";

  private ConditionType() {}
}
