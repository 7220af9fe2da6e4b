package dev.predump.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.predump.image.proto.PagemapEntry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRangeTest {
  @Test
  void entryCarriesBothCountsAndFlagsButNoLegacyFlag() {
    PagemapEntry entry = new PageRange(0x1000, 7, PageLocation.PARENT).toEntry();
    assertThat(entry.getVaddr()).isEqualTo(0x1000);
    assertThat(entry.getCompatNrPages()).isEqualTo(7);
    assertThat(entry.getNrPages()).isEqualTo(7);
    assertThat(entry.getFlags()).isEqualTo(1);
    assertThat(entry.hasInParent()).isFalse();
    assertThat(new PageRange(0, 1, PageLocation.PRESENT).toEntry().getFlags()).isEqualTo(4);
  }

  @Test
  void readsOldEntriesLikeCriuDoes() {
    PagemapEntry legacyParent =
        PagemapEntry.newBuilder().setVaddr(0x2000).setCompatNrPages(3).setInParent(true).build();
    assertThat(PageRange.fromEntry(legacyParent))
        .isEqualTo(new PageRange(0x2000, 3, PageLocation.PARENT));
    PagemapEntry legacyPresent =
        PagemapEntry.newBuilder().setVaddr(0x2000).setCompatNrPages(3).build();
    assertThat(PageRange.fromEntry(legacyPresent).location()).isEqualTo(PageLocation.PRESENT);
    PagemapEntry newer =
        PagemapEntry.newBuilder()
            .setVaddr(0)
            .setCompatNrPages(1)
            .setNrPages(0x1_0000_0001L)
            .setFlags(4)
            .build();
    assertThat(PageRange.fromEntry(newer).nrPages()).isEqualTo(0x1_0000_0001L);
  }

  @Test
  void rejectsBadFlagsAndRanges() {
    PagemapEntry lazy =
        PagemapEntry.newBuilder().setVaddr(0).setCompatNrPages(1).setFlags(4 | 2).build();
    assertThatThrownBy(() -> PageRange.fromEntry(lazy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flags 6");
    assertThatThrownBy(() -> new PageRange(0x1001, 1, PageLocation.PRESENT))
        .hasMessageContaining("0x1001");
    assertThatThrownBy(() -> new PageRange(0x1000, 0, PageLocation.PRESENT))
        .hasMessageContaining("0 pages");
    assertThatThrownBy(() -> new PageRange(0x1000, Long.MAX_VALUE / 4096, PageLocation.PRESENT))
        .hasMessageContaining("overflows");
  }

  @Test
  void pagemapFindsRangesAndPagesOffsetsByBinarySearch() {
    Pagemap pagemap =
        Pagemap.of(
            Path.of("pagemap-1.img"),
            1,
            List.of(
                new PageRange(0x10000, 2, PageLocation.PRESENT),
                new PageRange(0x12000, 3, PageLocation.PARENT),
                new PageRange(0x20000, 1, PageLocation.PRESENT)));
    assertThat(pagemap.indexOf(0x0f000)).isEqualTo(-1);
    assertThat(pagemap.indexOf(0x11000)).isZero();
    assertThat(pagemap.indexOf(0x14000)).isEqualTo(1);
    assertThat(pagemap.indexOf(0x15000)).isEqualTo(-1);
    assertThat(pagemap.indexOf(0x20000)).isEqualTo(2);
    assertThat(pagemap.indexOf(0x21000)).isEqualTo(-1);
    assertThat(pagemap.pagesOffsetOf(0, 0x11000)).isEqualTo(4096);
    assertThat(pagemap.pagesOffset(2)).isEqualTo(2 * 4096);
    assertThat(pagemap.presentPages()).isEqualTo(3);
    assertThat(pagemap.parentPages()).isEqualTo(3);
  }

  @Test
  void fileNamesFollowCriu() {
    assertThat(ImageLayout.pagemapName(12)).isEqualTo("pagemap-12.img");
    assertThat(ImageLayout.pagesName(3)).isEqualTo("pages-3.img");
    assertThat(ImageLayout.pagemapPid(Path.of("/x/pagemap-12.img"))).hasValue(12);
    assertThat(ImageLayout.pagemapPid(Path.of("pagemap-x.img"))).isEmpty();
    assertThat(ImageLayout.roundNumber(Path.of("/c/7"))).hasValue(7);
    assertThat(ImageLayout.roundNumber(Path.of("/c/.7.partial-ab"))).isEmpty();
    assertThat(ImageLayout.isImageFile("stats-dump")).isTrue();
    assertThat(ImageLayout.isImageFile("manifest")).isFalse();
  }
}
