package dev.predump.api.v1alpha1;

/** The tracker that chose the pages of one round ({@code status.rounds[].tracker}). */
public enum DirtyTracker {
  /** Pages whose soft-dirty bit was set. */
  SoftDirty,
  /** Pages whose hash changed since the previous round. */
  Hash,
  /** Every present page (always the first round). */
  Full
}
