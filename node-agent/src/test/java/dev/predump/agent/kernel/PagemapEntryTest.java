package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PagemapEntryTest {

  @Test
  void anAbsentPageHasNoCategory() {
    assertThat(PagemapEntry.categories(0, null)).isZero();
    // Bits other than present/swapped alone do not make a page worth reporting.
    assertThat(PagemapEntry.categories(PagemapEntry.PM_SOFT_DIRTY, null)).isZero();
  }

  @Test
  void decodesPresentFileAndSoftDirtyBits() {
    long entry = PagemapEntry.PM_PRESENT | PagemapEntry.PM_FILE | PagemapEntry.PM_SOFT_DIRTY | 1234;
    assertThat(PagemapEntry.categories(entry, null))
        .isEqualTo(PageCategory.PRESENT | PageCategory.FILE | PageCategory.SOFT_DIRTY);
    assertThat(PagemapEntry.pfn(entry)).isEqualTo(1234);
  }

  @Test
  void decodesSwappedAndGuardEntries() {
    assertThat(PagemapEntry.categories(PagemapEntry.PM_SWAP | 77, null))
        .isEqualTo(PageCategory.SWAPPED);
    // A swapped entry holds the swap offset, not a frame number.
    assertThat(PagemapEntry.pfn(PagemapEntry.PM_SWAP | 77)).isZero();
    assertThat(PagemapEntry.categories(PagemapEntry.PM_SWAP | PagemapEntry.PM_GUARD_REGION, null))
        .isEqualTo(PageCategory.SWAPPED | PageCategory.GUARD);
  }

  @Test
  void theZeroPageIsRecognisedOnlyWhenItsFrameIsKnown() {
    long entry = PagemapEntry.PM_PRESENT | 99;
    assertThat(PagemapEntry.categories(entry, null)).isEqualTo(PageCategory.PRESENT);
    ZeroPage zero = new ZeroPage(99, 4096);
    assertThat(PagemapEntry.categories(entry, zero))
        .isEqualTo(PageCategory.PRESENT | PageCategory.PFNZERO);
    // The huge zero page spans 512 frames (2 MiB of 4 KiB pages).
    assertThat(zero.isZero(4096 + 511)).isEqualTo(LibC.PAGE_SIZE == 4096);
    assertThat(zero.isZero(4096 + 512)).isFalse();
    assertThat(zero.isZero(98)).isFalse();
    // A swapped entry's offset bits are no frame number.
    assertThat(PagemapEntry.categories(PagemapEntry.PM_SWAP | 99, zero))
        .isEqualTo(PageCategory.SWAPPED);
  }

  @Test
  void categoryBitsAreThePagemapScanOnes() {
    // PAGE_IS_FILE, PAGE_IS_PRESENT, PAGE_IS_SWAPPED, PAGE_IS_PFNZERO, PAGE_IS_SOFT_DIRTY,
    // PAGE_IS_GUARD from include/uapi/linux/fs.h.
    assertThat(PageCategory.FILE).isEqualTo(4);
    assertThat(PageCategory.PRESENT).isEqualTo(8);
    assertThat(PageCategory.SWAPPED).isEqualTo(16);
    assertThat(PageCategory.PFNZERO).isEqualTo(32);
    assertThat(PageCategory.SOFT_DIRTY).isEqualTo(128);
    assertThat(PageCategory.GUARD).isEqualTo(256);
    assertThat(PageCategory.describe(PageCategory.PRESENT | PageCategory.FILE))
        .isEqualTo("PRESENT|FILE");
    assertThat(PageCategory.describe(0)).isEqualTo("NONE");
  }

  @Test
  void theIoctlNumberAndStructSizesMatchTheKernelHeaders() {
    assertThat(PagemapScan.PAGEMAP_SCAN).isEqualTo(0xc0606610L);
    assertThat(PagemapScan.SIZEOF_PM_SCAN_ARG).isEqualTo(12 * 8);
    assertThat(PagemapScan.RETURN_MASK).isEqualTo(11 * 8);
    assertThat(PagemapScan.SIZEOF_PAGE_REGION).isEqualTo(3 * 8);
    assertThat(IovecArray.SIZEOF).isEqualTo(16);
  }
}
