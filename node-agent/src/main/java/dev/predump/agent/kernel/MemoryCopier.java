package dev.predump.agent.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Copies pages of a running process with process_vm_readv into one reused buffer and hands them to
 * a {@link PageSink}, tolerating the races of a process that keeps running.
 *
 * <p>Contiguous runs are merged into large iovecs (at most {@value #MAX_IOVECS} per call and one
 * buffer of at most {@code 0x7ffff000} bytes, the kernel's limits), because large iovecs read about
 * half again as fast as page-sized ones. Pages that fail are retried one by one through {@code
 * /proc/PID/mem}, then counted as vanished (unmapped since the scan) or unreadable (still mapped).
 * A process that exits ends the copy without an exception. Not thread-safe: one copy at a time per
 * instance.
 */
public final class MemoryCopier implements AutoCloseable {

  /** The kernel rejects more iovecs per side (UIO_MAXIOV). */
  static final int MAX_IOVECS = 1024;

  /** The kernel's cap on the bytes one read may return (MAX_RW_COUNT). */
  static final int MAX_BYTES_PER_CALL = 0x7ffff000;

  private ByteBuffer buffer;
  private final IovecArray local;
  private final IovecArray remote;

  /**
   * @param bufferBytes the copy buffer's size, rounded down to whole pages; allocated once (direct
   *     memory) and reused by every copy
   */
  public MemoryCopier(int bufferBytes) {
    int page = LibC.PAGE_SIZE;
    if (bufferBytes < page) {
      throw new IllegalArgumentException(
          "The copy buffer must hold at least one page of " + page + " bytes: " + bufferBytes);
    }
    int size = Math.min(bufferBytes, MAX_BYTES_PER_CALL) / page * page;
    this.buffer = ByteBuffer.allocateDirect(size);
    this.local = new IovecArray(1);
    this.remote = new IovecArray(MAX_IOVECS);
  }

  /** The size of the copy buffer in bytes. */
  public int bufferBytes() {
    return requireOpen().capacity();
  }

  /**
   * Copies the given runs of process {@code pid}.
   *
   * @param runs page runs in ascending, non-overlapping order
   * @return what became of every page; {@code processExited} when the process went away
   * @throws KernelException on errors that are not races of the target (e.g. EPERM)
   * @throws IOException what the sink throws
   */
  public CopyOutcome copy(int pid, List<PageRun> runs, PageSink sink) throws IOException {
    ByteBuffer buf = requireOpen();
    if (pid <= 0) {
      throw new IllegalArgumentException("Not a process id: " + pid);
    }
    checkOrder(runs);
    return new CopyPass(pid, buf, local, remote, sink).run(runs);
  }

  static void checkOrder(List<PageRun> runs) {
    int page = LibC.PAGE_SIZE;
    long previousEnd = 0;
    for (PageRun run : runs) {
      if (run.start() % page != 0) {
        throw new IllegalArgumentException(
            "Page run start 0x" + Long.toHexString(run.start()) + " is not page-aligned");
      }
      if (run.start() < previousEnd) {
        throw new IllegalArgumentException(
            "Page runs must be sorted and must not overlap: 0x"
                + Long.toHexString(run.start())
                + " after 0x"
                + Long.toHexString(previousEnd));
      }
      if (run.nrPages() > (Long.MAX_VALUE - run.start()) / page) {
        throw new IllegalArgumentException("Page run too long: " + run);
      }
      previousEnd = run.end(page);
    }
  }

  private ByteBuffer requireOpen() {
    if (buffer == null) {
      throw new IllegalStateException("The memory copier is closed");
    }
    return buffer;
  }

  /** Releases the buffer (direct memory is freed when the garbage collector reclaims it). */
  @Override
  public void close() {
    buffer = null;
  }
}
