package dev.predump.agent.kernel;

import java.util.StringJoiner;

/**
 * Category bits of a {@link PageRegion}; the values are the kernel's {@code PAGE_IS_*} bits of the
 * PAGEMAP_SCAN ioctl, so both pagemap sources report the same numbers.
 */
public final class PageCategory {

  /** Pagemap bit 61: a page-cache page of a file or shared anonymous memory (not COWed). */
  public static final int FILE = 1 << 2;

  /** Pagemap bit 63: the page is in memory. */
  public static final int PRESENT = 1 << 3;

  /**
   * Pagemap bit 62: the page is swapped out, or another non-present entry (a page under migration,
   * or a guard marker: see {@link #GUARD}).
   */
  public static final int SWAPPED = 1 << 4;

  /** The page maps the shared zero page (read but never written): its content is all zeros. */
  public static final int PFNZERO = 1 << 5;

  /** Pagemap bit 55: written since the last clear_refs (only on kernels with soft-dirty). */
  public static final int SOFT_DIRTY = 1 << 7;

  /**
   * Pagemap bit 58 (Linux 6.15+): a guard page installed by MADV_GUARD_INSTALL; comes with {@link
   * #SWAPPED}. It has no content: never copy it (touching it raises SIGSEGV in the process).
   */
  public static final int GUARD = 1 << 8;

  /** Every bit this class defines. */
  public static final int ALL = FILE | PRESENT | SWAPPED | PFNZERO | SOFT_DIRTY | GUARD;

  private PageCategory() {}

  /** The names of the bits set, e.g. {@code "PRESENT|FILE"}, for logs and test messages. */
  public static String describe(int categories) {
    StringJoiner names = new StringJoiner("|");
    if ((categories & PRESENT) != 0) {
      names.add("PRESENT");
    }
    if ((categories & SWAPPED) != 0) {
      names.add("SWAPPED");
    }
    if ((categories & FILE) != 0) {
      names.add("FILE");
    }
    if ((categories & PFNZERO) != 0) {
      names.add("PFNZERO");
    }
    if ((categories & SOFT_DIRTY) != 0) {
      names.add("SOFT_DIRTY");
    }
    if ((categories & GUARD) != 0) {
      names.add("GUARD");
    }
    int unknown = categories & ~ALL;
    if (unknown != 0) {
      names.add("0x" + Integer.toHexString(unknown));
    }
    return names.length() == 0 ? "NONE" : names.toString();
  }
}
