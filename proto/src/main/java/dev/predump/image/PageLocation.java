package dev.predump.image;

/** Where the bytes of a run of pages live: in this round's pages file or in a parent round. */
public enum PageLocation {
  /** Data in this round's {@code pages-<id>.img} ({@code PE_PRESENT}). */
  PRESENT(ImageLayout.PE_PRESENT),
  /** Data in the parent round, resolved level by level ({@code PE_PARENT}). */
  PARENT(ImageLayout.PE_PARENT);

  private final int flags;

  PageLocation(int flags) {
    this.flags = flags;
  }

  /** The pagemap {@code flags} value written for this location. */
  public int flags() {
    return flags;
  }
}
