package dev.predump.api.v1alpha1;

/** What deleting a PreDump does to its images ({@code spec.retention.onDelete}). */
public enum OnDelete {
  /** Remove the PreDump's image directory from storage. */
  Delete,
  /** Leave the images on storage; someone else removes them when done. */
  Retain
}
