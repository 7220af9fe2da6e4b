package dev.predump.agent.workload;

import java.nio.ByteBuffer;

/**
 * The content of page {@code p} at generation {@code g}: 512 words derived from seed, page and
 * generation, so any page can be checked without keeping a copy.
 */
final class PagePattern {
  static final int PAGE = 4096;
  private final long seed;

  PagePattern(long seed) {
    this.seed = seed;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private long base(long page, int generation) {
    return mix(seed ^ mix(page * 0x9E3779B97F4A7C15L + generation));
  }

  /** Writes the page at {@code offset} of {@code memory}. */
  void write(ByteBuffer memory, int offset, long page, int generation) {
    long b = base(page, generation);
    for (int w = 0; w < PAGE / 8; w++) {
      memory.putLong(offset + w * 8, b + w * 0x632BE59BD9B4E019L);
    }
  }

  /** Whether the page at {@code offset} holds generation {@code generation}'s pattern. */
  boolean matches(ByteBuffer memory, int offset, long page, int generation) {
    long b = base(page, generation);
    for (int w = 0; w < PAGE / 8; w++) {
      if (memory.getLong(offset + w * 8) != b + w * 0x632BE59BD9B4E019L) {
        return false;
      }
    }
    return true;
  }
}
