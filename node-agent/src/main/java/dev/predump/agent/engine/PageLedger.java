package dev.predump.agent.engine;

import java.util.Arrays;

/**
 * The pages one round covered for one process (in its pagemap, present or in parent), with the
 * 64-bit hash of each page when the hash tracker recorded them.
 *
 * <p>Built in ascending address order while the round is written, then read by the next round to
 * decide which pages may become {@code PE_PARENT} entries. Hashes live in fixed-size chunks indexed
 * by the page's position in the ledger, so the ledger grows without copying: 8 bytes per page (2
 * MiB per GiB of target) and a few words per run.
 */
public final class PageLedger {
  static final long PAGE = 4096;
  private static final int CHUNK_SHIFT = 15;
  private static final int CHUNK = 1 << CHUNK_SHIFT;

  private final boolean withHashes;
  private long[] runStart = new long[16];
  private long[] runPages = new long[16];

  /** Ledger position of each run's first page: where its hashes begin. */
  private long[] runFirst = new long[16];

  private long[][] hashChunks = new long[0][];
  private int runs;
  private long pages;

  public PageLedger(boolean withHashes) {
    this.withHashes = withHashes;
  }

  /** Whether this ledger holds a hash for every page it covers. */
  public boolean hasHashes() {
    return withHashes;
  }

  /** Total pages covered. */
  public long pages() {
    return pages;
  }

  /** Number of contiguous runs. */
  public int runs() {
    return runs;
  }

  /** Records that {@code nrPages} pages from {@code vaddr} are covered, without hashes. */
  public void cover(long vaddr, long nrPages) {
    if (withHashes) {
      throw new IllegalStateException("this ledger records hashes: use coverPage");
    }
    append(vaddr, nrPages);
  }

  /** Records one covered page and its hash. */
  public void coverPage(long vaddr, long hash) {
    if (!withHashes) {
      throw new IllegalStateException("this ledger records no hashes");
    }
    long index = pages;
    append(vaddr, 1);
    int chunk = (int) (index >>> CHUNK_SHIFT);
    if (chunk == hashChunks.length) {
      hashChunks = Arrays.copyOf(hashChunks, chunk + 1);
      hashChunks[chunk] = new long[CHUNK];
    }
    hashChunks[chunk][(int) (index & (CHUNK - 1))] = hash;
  }

  private void append(long vaddr, long nrPages) {
    if (runs > 0) {
      int last = runs - 1;
      long end = runStart[last] + runPages[last] * PAGE;
      if (vaddr < end) {
        throw new IllegalArgumentException(
            "ledger pages must ascend: 0x"
                + Long.toHexString(vaddr)
                + " < 0x"
                + Long.toHexString(end));
      }
      if (vaddr == end) {
        runPages[last] += nrPages;
        pages += nrPages;
        return;
      }
    }
    if (runs == runStart.length) {
      int n = runs * 2;
      runStart = Arrays.copyOf(runStart, n);
      runPages = Arrays.copyOf(runPages, n);
      runFirst = Arrays.copyOf(runFirst, n);
    }
    runStart[runs] = vaddr;
    runPages[runs] = nrPages;
    runFirst[runs] = pages;
    pages += nrPages;
    runs++;
  }

  /** Marks the ledger complete; later rounds only read it. */
  public void seal() {
    // Nothing to trim: hash chunks are filled in order and runs are three words each.
  }

  private int runOf(long vaddr) {
    int lo = 0;
    int hi = runs - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (runStart[mid] <= vaddr) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    int r = hi;
    if (r < 0 || vaddr >= runStart[r] + runPages[r] * PAGE) {
      return -1;
    }
    return r;
  }

  /** Whether the page at {@code vaddr} is covered. */
  public boolean covers(long vaddr) {
    return runOf(vaddr) >= 0;
  }

  /** Whether every page of {@code [vaddr, vaddr + nrPages pages)} is covered. */
  public boolean coversAll(long vaddr, long nrPages) {
    int r = runOf(vaddr);
    return r >= 0 && vaddr + nrPages * PAGE <= runStart[r] + runPages[r] * PAGE;
  }

  /**
   * Pages covered from {@code vaddr} on within one run, at most {@code max}; 0 when {@code vaddr}
   * is not covered.
   */
  public long coveredRunFrom(long vaddr, long max) {
    int r = runOf(vaddr);
    if (r < 0) {
      return 0;
    }
    long left = (runStart[r] + runPages[r] * PAGE - vaddr) / PAGE;
    return Math.min(left, max);
  }

  /**
   * Whether the page at {@code vaddr} is covered with the given hash. Always false for a ledger
   * without hashes.
   */
  public boolean sameHash(long vaddr, long hash) {
    if (!withHashes) {
      return false;
    }
    int r = runOf(vaddr);
    if (r < 0) {
      return false;
    }
    long index = runFirst[r] + (vaddr - runStart[r]) / PAGE;
    return hashChunks[(int) (index >>> CHUNK_SHIFT)][(int) (index & (CHUNK - 1))] == hash;
  }
}
