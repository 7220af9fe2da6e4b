package dev.predump.agent.engine;

import dev.predump.image.ProcessWriter;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a tracker sends one process's pages: the round's pagemap and pages file, the ledger the
 * next round compares against, the counters, the bandwidth cap and cancellation.
 */
final class PageEmitter {
  /**
   * Largest single write into a pages file: 1 MiB writes measured best into the page cache here (16
   * MiB writes cost twice the kernel time).
   */
  static final int WRITE_PIECE = 1 << 20;

  private final ProcessWriter out;
  private final PageLedger ledger;
  private final RoundCounters counters;
  private final Throttle throttle;
  private final Cancellation cancellation;

  PageEmitter(
      ProcessWriter out,
      PageLedger ledger,
      RoundCounters counters,
      Throttle throttle,
      Cancellation cancellation) {
    this.out = out;
    this.ledger = ledger;
    this.counters = counters;
    this.throttle = throttle;
    this.cancellation = cancellation;
  }

  PageLedger ledger() {
    return ledger;
  }

  /** Writes the pages in {@code pages} (position to limit) as present at {@code vaddr}. */
  void present(long vaddr, ByteBuffer pages) throws IOException {
    cancellation.check();
    int bytes = pages.remaining();
    for (int done = 0; done < bytes; done += WRITE_PIECE) {
      int piece = Math.min(WRITE_PIECE, bytes - done);
      ByteBuffer slice = pages.duplicate();
      slice.position(pages.position() + done).limit(pages.position() + done + piece);
      throttle.acquire(piece);
      out.present(vaddr + done, slice);
    }
    long n = bytes / PageLedger.PAGE;
    if (!ledger.hasHashes()) {
      ledger.cover(vaddr, n);
    }
    counters.pagesWritten += n;
    counters.pagesDirty += n;
    counters.bytesWritten += bytes;
  }

  /** Records {@code nrPages} pages from {@code vaddr} as held by the parent round. */
  void parent(long vaddr, long nrPages) throws IOException {
    // A clean round writes nothing, so this is where a cancel is seen while it hashes.
    cancellation.check();
    out.parent(vaddr, nrPages);
    if (!ledger.hasHashes()) {
      ledger.cover(vaddr, nrPages);
    }
    counters.pagesParent += nrPages;
  }

  /** Records the hash of a page just written or referenced (hash tracker only). */
  void hashed(long vaddr, long hash) {
    ledger.coverPage(vaddr, hash);
  }
}
