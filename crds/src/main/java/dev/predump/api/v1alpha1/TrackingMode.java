package dev.predump.api.v1alpha1;

/** How rounds after the first find the pages written since the previous round. */
public enum TrackingMode {
  /** SoftDirty where the node's kernel has soft-dirty bits, Hash elsewhere. */
  Auto,
  /** The kernel's soft-dirty page bits, scanned and cleared while frozen. */
  SoftDirty,
  /** A hash per page compared with the previous round's; reads every page each round. */
  Hash,
  /** No tracking: every round copies every present page. */
  Full
}
