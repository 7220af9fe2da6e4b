package dev.predump.agent.engine;

import java.util.Arrays;

/**
 * The pages one round covered for one process (in its pagemap, present or in parent), with the
 * 64-bit hash of each page when the hash tracker recorded them.
 *
 * <p>Built in ascending address order while the round is written, then read by the next round to
 * decide which pages may become {@code PE_PARENT} entries. Eight bytes per page with hashes (2 MiB
 * per GiB of target), a few words per run without.
 */
public final class PageLedger {
  static final long PAGE = 4096;

  private final boolean withHashes;
  private long[] runStart = new long[16];
  private long[] runPages = new long[16];
  private long[][] runHashes;
  private int runs;
  private long pages;

  public PageLedger(boolean withHashes) {
    this.withHashes = withHashes;
    this.runHashes = withHashes ? new long[16][] : null;
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
    int r = append(vaddr, 1);
    long[] h = runHashes[r];
    int index = (int) ((vaddr - runStart[r]) / PAGE);
    if (h == null) {
      h = new long[8];
      runHashes[r] = h;
    } else if (index >= h.length) {
      h = Arrays.copyOf(h, Math.max(index + 1, h.length * 2));
      runHashes[r] = h;
    }
    h[index] = hash;
  }

  private int append(long vaddr, long nrPages) {
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
        return last;
      }
    }
    if (runs == runStart.length) {
      int n = runs * 2;
      runStart = Arrays.copyOf(runStart, n);
      runPages = Arrays.copyOf(runPages, n);
      if (withHashes) {
        runHashes = Arrays.copyOf(runHashes, n);
      }
    }
    runStart[runs] = vaddr;
    runPages[runs] = nrPages;
    pages += nrPages;
    return runs++;
  }

  /** Trims hash arrays to their runs' sizes once the round is complete. */
  public void seal() {
    if (withHashes) {
      for (int r = 0; r < runs; r++) {
        if (runHashes[r] != null && runHashes[r].length != runPages[r]) {
          runHashes[r] = Arrays.copyOf(runHashes[r], (int) runPages[r]);
        }
      }
    }
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
    return runHashes[r][(int) ((vaddr - runStart[r]) / PAGE)] == hash;
  }
}
