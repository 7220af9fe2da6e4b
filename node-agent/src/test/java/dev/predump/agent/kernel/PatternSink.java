package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A page sink that checks every word it receives against {@link MemoryChild}'s pattern (address
 * plus the seed of the region) and remembers which pages arrived, in which calls.
 */
final class PatternSink implements PageSink {

  private static final int PAGE = LibC.PAGE_SIZE;

  private final TreeMap<Long, long[]> seeds = new TreeMap<>();
  private final List<long[]> calls = new ArrayList<>();
  private long pages;
  private long lastEnd;
  private long mismatches;
  private String firstMismatch;

  /** Declares that {@code [start, start + pages)} holds the pattern with {@code seed}. */
  PatternSink region(long start, long pages, long seed) {
    seeds.put(start, new long[] {start + pages * PAGE, seed});
    return this;
  }

  @Override
  public void accept(long vaddr, ByteBuffer data) {
    assertThat(vaddr).as("ascending, non-overlapping spans").isGreaterThanOrEqualTo(lastEnd);
    assertThat(data.remaining() % PAGE).isZero();
    calls.add(new long[] {vaddr, data.remaining()});
    ByteBuffer words = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    for (int off = 0; off < words.remaining(); off += 8) {
      long address = vaddr + off;
      Map.Entry<Long, long[]> region = seeds.floorEntry(address);
      if (region == null || address >= region.getValue()[0]) {
        continue; // not a pattern region: the test checks those bytes itself
      }
      long got = words.getLong(words.position() + off);
      long want = address + region.getValue()[1];
      if (got != want) {
        if (mismatches++ == 0) {
          firstMismatch =
              "at 0x"
                  + Long.toHexString(address)
                  + ": 0x"
                  + Long.toHexString(got)
                  + " != 0x"
                  + Long.toHexString(want);
        }
      }
    }
    pages += data.remaining() / PAGE;
    lastEnd = vaddr + data.remaining();
  }

  long pages() {
    return pages;
  }

  List<long[]> calls() {
    return calls;
  }

  void assertAllMatched() {
    assertThat(firstMismatch).as("first pattern mismatch (%d in all)", mismatches).isNull();
  }
}
