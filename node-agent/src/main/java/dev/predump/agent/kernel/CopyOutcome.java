package dev.predump.agent.kernel;

/**
 * What one {@link MemoryCopier#copy} did with the pages it was given.
 *
 * <p>Every requested page is counted exactly once in {@code pagesRead}, {@code pagesVanished} or
 * {@code pagesUnreadable}; {@code pagesViaProcMem} is the part of {@code pagesRead} that came
 * through {@code /proc/PID/mem}. When the process exited, the pages not reached count as vanished.
 */
public record CopyOutcome(
    long pagesRead,
    long pagesVanished,
    long pagesUnreadable,
    long pagesViaProcMem,
    boolean processExited,
    long bytesRead) {

  /** All pages accounted for: read + vanished + unreadable. */
  public long pagesTotal() {
    return pagesRead + pagesVanished + pagesUnreadable;
  }
}
