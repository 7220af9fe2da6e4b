package dev.predump.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageLedgerTest {
  private static final long P = 4096;

  @Test
  void coverageMergesAdjacentRunsAndAnswersMembership() {
    PageLedger l = new PageLedger(false);
    l.cover(0x1000, 2);
    l.cover(0x3000, 1); // adjacent: merges
    l.cover(0x10000, 4);
    l.seal();
    assertThat(l.runs()).isEqualTo(2);
    assertThat(l.pages()).isEqualTo(7);
    assertThat(l.covers(0x1000)).isTrue();
    assertThat(l.covers(0x3000)).isTrue();
    assertThat(l.covers(0x4000)).isFalse();
    assertThat(l.covers(0x0)).isFalse();
    assertThat(l.coversAll(0x1000, 3)).isTrue();
    assertThat(l.coversAll(0x1000, 4)).isFalse();
    assertThat(l.coveredRunFrom(0x2000, 100)).isEqualTo(2);
    assertThat(l.coveredRunFrom(0x5000, 100)).isZero();
    assertThat(l.covers(0x10000 + 3 * P)).isTrue();
    assertThat(l.covers(0x10000 + 4 * P)).isFalse();
  }

  @Test
  void hashesAreKeptPerPage() {
    PageLedger l = new PageLedger(true);
    for (int i = 0; i < 100; i++) {
      l.coverPage(0x7f0000000000L + i * P, i * 31L);
    }
    l.coverPage(0x7f0000200000L, 5);
    l.seal();
    assertThat(l.sameHash(0x7f0000000000L + 42 * P, 42 * 31L)).isTrue();
    assertThat(l.sameHash(0x7f0000000000L + 42 * P, 0)).isFalse();
    assertThat(l.sameHash(0x7f0000000000L + 100 * P, 100 * 31L)).isFalse();
    assertThat(l.sameHash(0x7f0000200000L, 5)).isTrue();
    assertThat(l.pages()).isEqualTo(101);
  }

  @Test
  void hashesSpanningManyChunksAndRunsStayAddressable() {
    PageLedger l = new PageLedger(true);
    long base = 0x7f0000000000L;
    // Three runs with gaps, 100,000 pages in all: more than three hash chunks.
    long[] starts = {base, base + 50_000 * P, base + 90_000 * P};
    int[] lengths = {40_000, 30_000, 30_000};
    for (int r = 0; r < 3; r++) {
      for (int i = 0; i < lengths[r]; i++) {
        l.coverPage(starts[r] + i * P, starts[r] + i);
      }
    }
    l.seal();
    assertThat(l.runs()).isEqualTo(3);
    assertThat(l.pages()).isEqualTo(100_000);
    for (int r = 0; r < 3; r++) {
      for (int i = 0; i < lengths[r]; i += 997) {
        assertThat(l.sameHash(starts[r] + i * P, starts[r] + i)).isTrue();
        assertThat(l.sameHash(starts[r] + i * P, starts[r] + i + 1)).isFalse();
      }
    }
    assertThat(l.covers(base + 45_000 * P)).isFalse();
  }

  @Test
  void pagesMustAscend() {
    PageLedger l = new PageLedger(false);
    l.cover(0x5000, 1);
    assertThatThrownBy(() -> l.cover(0x4000, 1)).hasMessageContaining("ascend");
  }

  @Test
  void aLedgerWithoutHashesNeverClaimsTheSameContent() {
    PageLedger l = new PageLedger(false);
    l.cover(0x1000, 1);
    assertThat(l.sameHash(0x1000, 0)).isFalse();
  }
}
