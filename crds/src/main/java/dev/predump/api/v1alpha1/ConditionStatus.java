package dev.predump.api.v1alpha1;

/** The status of a {@link Condition}, spelled as Kubernetes spells it. */
public enum ConditionStatus {
  /** The condition holds. */
  True,
  /** The condition does not hold. */
  False,
  /** Not known yet. */
  Unknown;

  /** {@link #True} for true, {@link #False} for false. */
  public static ConditionStatus of(boolean holds) {
    return holds ? True : False;
  }
}
