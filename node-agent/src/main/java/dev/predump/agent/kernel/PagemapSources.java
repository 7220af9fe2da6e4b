package dev.predump.agent.kernel;

/** Picks the fastest {@link PagemapSource} this kernel offers. */
public final class PagemapSources {

  private PagemapSources() {}

  /** PAGEMAP_SCAN where the kernel has it (probed once), else {@code /proc/PID/pagemap}. */
  public static PagemapSource best() {
    return PagemapScan.supported() ? new PagemapScan() : new PagemapFile();
  }
}
