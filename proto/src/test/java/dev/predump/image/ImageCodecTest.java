package dev.predump.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.predump.image.proto.InventoryEntry;
import dev.predump.image.proto.InventoryPlugins;
import dev.predump.image.proto.PagemapEntry;
import dev.predump.image.proto.PagemapHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ImageCodecTest {
  /** The vectors at the end of shared/criu-image-format.md, encoded against CRIU's definitions. */
  static final byte[] INVENTORY_VECTOR = hex("16313158 0b000000 08004090e5ee3a48026200");

  static final byte[] PAGEMAP_VECTOR =
      hex(
          "19435654 25400856 02000000 0801"
              + " 0e000000 08 80 80 80 80 80 e0 1f 10 03 20 04 28 03"
              + " 0e000000 08 80 e0 80 80 80 e0 1f 10 02 20 01 28 02");

  private static final Path NAME = Path.of("test.img");

  @Test
  void inventoryVectorDecodesToItsFields() throws IOException {
    try (RecordReader reader = RecordReader.of(INVENTORY_VECTOR, NAME, ImageMagic.INVENTORY)) {
      InventoryEntry inventory = reader.require(InventoryEntry.parser(), "inventory");
      assertThat(inventory.getImgVersion()).isZero();
      assertThat(inventory.getDumpUptime()).isEqualTo(123_450_000L);
      assertThat(inventory.getPreDumpMode()).isEqualTo(2);
      assertThat(inventory.hasPluginsEntry()).isTrue();
      assertThat(inventory.getPluginsEntry().getPluginsCount()).isZero();
      assertThat(reader.next(InventoryEntry.parser())).isNull();
    }
  }

  @Test
  void inventoryWrittenByTheWriterIsTheVector() {
    assertThat(ImageCodec.encode(ImageMagic.INVENTORY, RoundRecords.inventory(123_450_000L)))
        .isEqualTo(INVENTORY_VECTOR);
    InventoryEntry same =
        InventoryEntry.newBuilder()
            .setImgVersion(0)
            .setDumpUptime(123_450_000L)
            .setPreDumpMode(2)
            .setPluginsEntry(InventoryPlugins.getDefaultInstance())
            .build();
    assertThat(ImageCodec.encode(ImageMagic.INVENTORY, same)).isEqualTo(INVENTORY_VECTOR);
  }

  @Test
  void pagemapVectorDecodesToItsFields() throws IOException {
    try (RecordReader reader = RecordReader.of(PAGEMAP_VECTOR, NAME, ImageMagic.PAGEMAP)) {
      assertThat(reader.require(PagemapHead.parser(), "head").getPagesId()).isEqualTo(1);
      PagemapEntry present = reader.require(PagemapEntry.parser(), "entry");
      assertThat(present.getVaddr()).isEqualTo(0x7f0000000000L);
      assertThat(present.getCompatNrPages()).isEqualTo(3);
      assertThat(present.getFlags()).isEqualTo(ImageLayout.PE_PRESENT);
      assertThat(present.getNrPages()).isEqualTo(3);
      assertThat(present.hasInParent()).isFalse();
      assertThat(PageRange.fromEntry(present))
          .isEqualTo(new PageRange(0x7f0000000000L, 3, PageLocation.PRESENT));
      PagemapEntry parent = reader.require(PagemapEntry.parser(), "entry");
      assertThat(PageRange.fromEntry(parent))
          .isEqualTo(new PageRange(0x7f0000003000L, 2, PageLocation.PARENT));
      assertThat(parent.getCompatNrPages()).isEqualTo(2);
      assertThat(parent.getFlags()).isEqualTo(ImageLayout.PE_PARENT);
      assertThat(reader.next(PagemapEntry.parser())).isNull();
    }
  }

  @Test
  void pagemapRangesEncodeToTheVector() {
    byte[] encoded =
        ImageCodec.encode(
            ImageMagic.PAGEMAP,
            PagemapHead.newBuilder().setPagesId(1).build(),
            new PageRange(0x7f0000000000L, 3, PageLocation.PRESENT).toEntry(),
            new PageRange(0x7f0000003000L, 2, PageLocation.PARENT).toEntry());
    assertThat(encoded).isEqualTo(PAGEMAP_VECTOR);
  }

  @Test
  void headersUseCriuMagicsAndOursAreDistinct() {
    assertThat(ImageMagic.PAGEMAP.header()).isEqualTo(hex("19435654 25400856"));
    assertThat(ImageMagic.INVENTORY.header()).isEqualTo(hex("16313158"));
    assertThat(ImageMagic.STATS.header()).isEqualTo(hex("40591055 06330957"));
    byte[] manifest = ImageMagic.MANIFEST.header();
    assertThat(manifest).hasSize(8);
    for (ImageMagic criu : new ImageMagic[] {ImageMagic.PAGEMAP, ImageMagic.STATS}) {
      assertThat(Arrays.copyOfRange(manifest, 0, 4))
          .isNotEqualTo(Arrays.copyOfRange(criu.header(), 0, 4));
      assertThat(Arrays.copyOfRange(manifest, 4, 8))
          .isNotEqualTo(Arrays.copyOfRange(criu.header(), 4, 8));
    }
  }

  @Test
  void emptyFileAfterHeaderEndsCleanly() throws IOException {
    byte[] image = ImageCodec.encode(ImageMagic.STATS);
    try (RecordReader reader = RecordReader.of(image, NAME, ImageMagic.STATS)) {
      assertThat(reader.next(PagemapHead.parser())).isNull();
      assertThat(reader.offset()).isEqualTo(8);
    }
  }

  @Test
  void wrongMagicNamesFileAndOffset() {
    assertThatThrownBy(() -> RecordReader.of(PAGEMAP_VECTOR, NAME, ImageMagic.INVENTORY))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("test.img")
        .hasMessageContaining("offset 0")
        .hasMessageContaining("wrong magic")
        .satisfies(e -> assertThat(((ImageFormatException) e).offset()).isZero());
  }

  @Test
  void headerCutShortIsAnError() {
    assertThatThrownBy(
            () -> RecordReader.of(Arrays.copyOf(PAGEMAP_VECTOR, 6), NAME, ImageMagic.PAGEMAP))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("header");
  }

  @Test
  void lengthCutShortIsAnErrorAtTheRecordStart() throws IOException {
    // Header (8) + head record (6) + 2 bytes of the next length.
    byte[] cut = Arrays.copyOf(PAGEMAP_VECTOR, 16);
    try (RecordReader reader = RecordReader.of(cut, NAME, ImageMagic.PAGEMAP)) {
      reader.require(PagemapHead.parser(), "head");
      assertThatThrownBy(() -> reader.next(PagemapEntry.parser()))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageContaining("offset 14")
          .hasMessageContaining("record length")
          .satisfies(e -> assertThat(((ImageFormatException) e).file()).isEqualTo(NAME));
    }
  }

  @Test
  void bodyCutShortIsAnErrorAtTheRecordStart() throws IOException {
    byte[] cut = Arrays.copyOf(PAGEMAP_VECTOR, PAGEMAP_VECTOR.length - 1);
    try (RecordReader reader = RecordReader.of(cut, NAME, ImageMagic.PAGEMAP)) {
      reader.require(PagemapHead.parser(), "head");
      reader.require(PagemapEntry.parser(), "entry");
      assertThat(reader.offset()).isEqualTo(32);
      assertThatThrownBy(() -> reader.next(PagemapEntry.parser()))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageContaining("offset 32")
          .hasMessageContaining("length says 14 bytes, 13 left")
          .satisfies(e -> assertThat(((ImageFormatException) e).offset()).isEqualTo(32));
    }
  }

  @Test
  void unparsableRecordIsAnError() throws IOException {
    // A PagemapEntry without its required compat_nr_pages.
    byte[] image = hex("19435654 25400856 02000000 0801 02000000 0801");
    try (RecordReader reader = RecordReader.of(image, NAME, ImageMagic.PAGEMAP)) {
      reader.require(PagemapHead.parser(), "head");
      assertThatThrownBy(() -> reader.next(PagemapEntry.parser()))
          .isInstanceOf(ImageFormatException.class)
          .hasMessageContaining("offset 14")
          .hasMessageContaining("does not parse");
    }
  }

  @Test
  void varintDelimitedFramingIsNotWhatWeWrite() {
    // protobuf's writeDelimitedTo would put a one-byte varint length here.
    byte[] encoded =
        ImageCodec.encode(ImageMagic.PAGEMAP, PagemapHead.newBuilder().setPagesId(1).build());
    assertThat(Arrays.copyOfRange(encoded, 8, 12)).isEqualTo(hex("02000000"));
  }

  static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }
}
