package dev.predump.image;

/** How the page data of a round reaches the storage. */
public enum WriteMode {
  /**
   * O_DIRECT writes from the caller's page-aligned buffers, straight to the device: a large
   * pre-copy neither fills nor evicts the node's page cache, and the final fsync has nothing left
   * to flush. Falls back to {@link #BUFFERED} per file where the file system refuses O_DIRECT or
   * needs an alignment larger than a page.
   */
  DIRECT,
  /** Ordinary writes through the page cache, flushed by the fsync when each process ends. */
  BUFFERED;

  /** The lower-case name the CLI and the agent's configuration use. */
  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses {@code direct} or {@code buffered}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static WriteMode fromCliName(String name) {
    for (WriteMode m : values()) {
      if (m.cliName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "Unknown write mode '" + name + "': expected direct or buffered");
  }
}
