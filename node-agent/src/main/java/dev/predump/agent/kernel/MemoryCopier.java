package dev.predump.agent.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Copies pages of a running process with process_vm_readv into one reused buffer and hands them to
 * a {@link PageSink}, tolerating the races of a process that keeps running.
 *
 * <p>The buffer is page-aligned (so that O_DIRECT writes take it as it is) and, when it holds at
 * least two pages and overlapping is asked for, split in two halves: one is read into while the
 * sink writes the other on the copier's writer thread. The sink is then called on that thread, one
 * call at a time and in address order, and all calls have returned when {@link #copy} returns.
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

  private ByteBuffer[] halves;
  private final IovecArray local;
  private final IovecArray remote;
  private final ExecutorService writer;

  /** A copier that overlaps reading and writing; see {@link #MemoryCopier(int, boolean)}. */
  public MemoryCopier(int bufferBytes) {
    this(bufferBytes, true);
  }

  /**
   * @param bufferBytes the copy buffer's size, rounded down to whole pages; allocated once (direct
   *     memory) and reused by every copy
   * @param overlap whether the sink runs on a writer thread of its own while the other half of the
   *     buffer is read (needs at least two pages); otherwise it runs inline, between reads
   */
  public MemoryCopier(int bufferBytes, boolean overlap) {
    int page = LibC.PAGE_SIZE;
    if (bufferBytes < page) {
      throw new IllegalArgumentException(
          "The copy buffer must hold at least one page of " + page + " bytes: " + bufferBytes);
    }
    int size = Math.min(bufferBytes, MAX_BYTES_PER_CALL) / page * page;
    int pages = size / page;
    ByteBuffer whole = ByteBuffer.allocateDirect(size + page).alignedSlice(page);
    if (overlap && pages >= 2) {
      int first = pages / 2 * page;
      this.halves = new ByteBuffer[] {whole.slice(0, first), whole.slice(first, size - first)};
      this.writer =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "predump-page-writer");
                t.setDaemon(true);
                return t;
              });
    } else {
      this.halves = new ByteBuffer[] {whole.slice(0, size)};
      this.writer = null;
    }
    this.local = new IovecArray(1);
    this.remote = new IovecArray(MAX_IOVECS);
  }

  /** The size of the copy buffer in bytes, both halves. */
  public int bufferBytes() {
    int total = 0;
    for (ByteBuffer b : requireOpen()) {
      total += b.capacity();
    }
    return total;
  }

  /** Whether reads and writes overlap (the sink runs on the writer thread). */
  public boolean overlaps() {
    return writer != null;
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
    ByteBuffer[] buffers = requireOpen();
    if (pid <= 0) {
      throw new IllegalArgumentException("Not a process id: " + pid);
    }
    checkOrder(runs);
    PageHandoff handoff = new PageHandoff(sink, writer, buffers.length);
    return new CopyPass(pid, buffers, local, remote, handoff).run(runs);
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

  private ByteBuffer[] requireOpen() {
    if (halves == null) {
      throw new IllegalStateException("The memory copier is closed");
    }
    return halves;
  }

  /**
   * Stops the writer thread and releases the buffer (direct memory is freed when the garbage
   * collector reclaims it).
   */
  @Override
  public void close() {
    halves = null;
    if (writer != null) {
      writer.shutdown();
    }
  }
}
