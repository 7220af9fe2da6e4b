package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegionListTest {

  private static final int P = PageCategory.PRESENT;
  private static final int F = PageCategory.FILE;

  @Test
  void joinsAdjacentRegionsWithTheSameCategories() {
    RegionList list = new RegionList();
    list.add(0x1000, 0x2000, P);
    list.add(0x2000, 0x3000, P);
    list.add(0x3000, 0x4000, P | F);
    list.add(0x5000, 0x6000, P | F);
    list.add(0x6000, 0x8000, P | F);
    assertThat(list.toList())
        .containsExactly(
            new PageRegion(0x1000, 0x3000, P),
            new PageRegion(0x3000, 0x4000, P | F),
            new PageRegion(0x5000, 0x8000, P | F));
  }

  @Test
  void anEmptyListStaysEmpty() {
    assertThat(new RegionList().toList()).isEmpty();
  }

  @Test
  void aRegionMustNotBeEmpty() {
    assertThatThrownBy(() -> new PageRegion(0x2000, 0x2000, P))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new PageRegion(0x1000, 0x2000, P | F).is(F)).isTrue();
    assertThat(new PageRegion(0x1000, 0x2000, P).toString()).contains("0x1000-0x2000 PRESENT");
  }
}
