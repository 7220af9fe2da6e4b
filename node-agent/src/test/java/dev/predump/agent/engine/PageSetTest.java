package dev.predump.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageSetTest {
  @Test
  void membershipAndSpans() {
    PageSet s =
        new PageSet.Builder().add(0x1000, 0x3000).add(0x3000, 0x4000).add(0x8000, 0x9000).build();
    assertThat(s.contains(0x0)).isFalse();
    assertThat(s.contains(0x1000)).isTrue();
    assertThat(s.contains(0x3000)).isTrue();
    assertThat(s.contains(0x4000)).isFalse();
    assertThat(s.contains(0x8000)).isTrue();
    assertThat(s.sameMembershipUntil(0x1000, 0x100000)).isEqualTo(0x4000);
    assertThat(s.sameMembershipUntil(0x4000, 0x100000)).isEqualTo(0x8000);
    assertThat(s.sameMembershipUntil(0x9000, 0x100000)).isEqualTo(0x100000);
    assertThat(s.sameMembershipUntil(0x0, 0x800)).isEqualTo(0x800);
  }

  @Test
  void emptySetContainsNothing() {
    assertThat(PageSet.empty().contains(0)).isFalse();
    assertThat(PageSet.empty().sameMembershipUntil(0x1000, 0x5000)).isEqualTo(0x5000);
  }
}
