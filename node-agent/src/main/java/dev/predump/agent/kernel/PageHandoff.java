package dev.predump.agent.kernel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Hands the spans read into one half of the copy buffer to the sink, on the copier's writer thread,
 * while the reading thread fills the other half: reading the target and writing the images overlap.
 * With no writer thread the sink runs inline.
 *
 * <p>The sink is called by one thread at a time and in address order; every call has returned
 * before {@link #finish} or {@link #abandon} returns, so what the sink wrote is visible to the
 * caller afterwards.
 */
final class PageHandoff {

  /** The spans of one buffer half, in the order they were read. */
  static final class Batch implements PageSink {
    private final List<Long> addresses = new ArrayList<>();
    private final List<ByteBuffer> spans = new ArrayList<>();

    @Override
    public void accept(long vaddr, ByteBuffer pages) {
      addresses.add(vaddr);
      spans.add(pages);
    }

    boolean isEmpty() {
      return spans.isEmpty();
    }

    void deliver(PageSink sink) throws IOException {
      for (int i = 0; i < spans.size(); i++) {
        sink.accept(addresses.get(i), spans.get(i));
      }
    }
  }

  private final PageSink sink;
  private final ExecutorService writer;
  private final Future<?>[] pending;
  private volatile Throwable failure;

  /**
   * @param halves how many buffer halves take turns (1 or 2)
   * @param writer the thread to run the sink on; null to run it inline
   */
  PageHandoff(PageSink sink, ExecutorService writer, int halves) {
    this.sink = sink;
    this.writer = writer;
    this.pending = new Future<?>[halves];
  }

  /** Hands over the batch read into buffer half {@code half}; the half is busy until delivered. */
  void deliver(int half, Batch batch) throws IOException {
    throwIfFailed();
    if (batch.isEmpty()) {
      return;
    }
    if (writer == null) {
      batch.deliver(sink);
      return;
    }
    pending[half] =
        writer.submit(
            () -> {
              if (failure != null) {
                return; // an earlier batch failed: the rest is not written
              }
              try {
                batch.deliver(sink);
              } catch (IOException | RuntimeException | Error e) {
                failure = e;
              }
            });
  }

  /** Waits until buffer half {@code half} may be overwritten; rethrows what the sink threw. */
  void awaitFree(int half) throws IOException {
    Future<?> f = pending[half];
    if (f != null) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the copied pages were written");
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      pending[half] = null;
    }
    throwIfFailed();
  }

  /** Waits for every batch; rethrows the first thing the sink threw. */
  void finish() throws IOException {
    for (int half = 0; half < pending.length; half++) {
      awaitFree(half);
    }
  }

  /**
   * After a failure of the reading side: waits, uninterruptibly, for the batches still being
   * written, so that no sink call outlives the copy, and drops what they throw.
   */
  void abandon() {
    failure = failure == null ? new IllegalStateException("copy abandoned") : failure;
    boolean interrupted = false;
    for (int half = 0; half < pending.length; half++) {
      Future<?> f = pending[half];
      while (f != null) {
        try {
          f.get();
          f = null;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          f = null;
        }
      }
      pending[half] = null;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void throwIfFailed() throws IOException {
    Throwable t = failure;
    if (t instanceof IOException e) {
      throw e;
    } else if (t instanceof RuntimeException e) {
      throw e;
    } else if (t instanceof Error e) {
      throw e;
    }
  }
}
