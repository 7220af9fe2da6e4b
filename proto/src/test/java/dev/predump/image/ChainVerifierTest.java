package dev.predump.image;

import static dev.predump.image.RoundWriterTest.BASE;
import static dev.predump.image.RoundWriterTest.PAGE;
import static dev.predump.image.RoundWriterTest.SOURCE;
import static dev.predump.image.RoundWriterTest.pages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.image.VerificationReport.Problem;
import dev.predump.image.proto.InventoryEntry;
import dev.predump.image.proto.PagemapEntry;
import dev.predump.image.proto.PagemapHead;
import dev.predump.image.proto.RoundStatsRecord;
import dev.predump.image.testing.RandomChain;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainVerifierTest {
  @TempDir Path chain;

  @Test
  void cleanChainVerifies() throws IOException {
    RandomChain.seed(21).levels(5).processes(3).build(chain);
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.ok()).as(report.toString()).isTrue();
    assertThat(report.levels()).hasSize(5);
    assertThat(report.toString()).contains("5 levels, OK");
  }

  @Test
  void flippedByteInPagesFileBreaksItsChecksum() throws IOException {
    RandomChain.seed(22).levels(2).build(chain);
    Path pages = chain.resolve("1/pages-1.img");
    flipByte(pages, 5000);
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.file()).isEqualTo(pages);
              assertThat(p.message()).contains("crc32c").contains("the manifest says");
            });
  }

  @Test
  void truncatedPagemapIsReportedAtTheTornRecord() throws IOException {
    RandomChain.seed(23).levels(1).maxRegions(4).build(chain);
    Path pagemap = chain.resolve("1/pagemap-1.img");
    long size = Files.size(pagemap);
    truncate(pagemap, size - 3);
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.file()).isEqualTo(pagemap);
              assertThat(p.offset()).isBetween(14L, size - 4);
              assertThat(p.message()).contains("file ends inside a record");
            })
        .anySatisfy(p -> assertThat(p.message()).contains("the manifest says " + size));
  }

  @Test
  void missingParentRoundIsReported() throws IOException {
    RandomChain.seed(24).levels(2).build(chain);
    Files.delete(chain.resolve("2/parent"));
    ChainDirectory.deleteTree(chain.resolve("1"));
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.problems())
        .anySatisfy(
            p -> assertThat(p.message()).contains("missing, but the manifest names parent ../1"))
        .anySatisfy(p -> assertThat(p.message()).contains("but no parent round to hold it"));
  }

  @Test
  void danglingParentLinkIsReported() throws IOException {
    RandomChain.seed(25).levels(3).build(chain);
    ChainDirectory.deleteTree(chain.resolve("2"));
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.file()).isEqualTo(chain.resolve("3/parent"));
              assertThat(p.message()).contains("dangling parent link: ../2 does not exist");
            });
  }

  @Test
  void pagesFileCutShortIsReported() throws IOException {
    RandomChain.seed(26).levels(1).build(chain);
    Path pages = chain.resolve("1/pages-1.img");
    long size = Files.size(pages);
    truncate(pages, size - PAGE);
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.file()).isEqualTo(pages);
              assertThat(p.offset()).isEqualTo(size - PAGE);
              assertThat(p.message()).contains("present entries of pagemap-1.img need " + size);
            });
  }

  @Test
  void wrongMagicIsReportedAtOffsetZero() throws IOException {
    RandomChain.seed(27).levels(1).build(chain);
    Path inventory = chain.resolve("1/inventory.img");
    flipByte(inventory, 0);
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.file()).isEqualTo(inventory);
              assertThat(p.offset()).isZero();
              assertThat(p.message()).contains("wrong magic");
            });
  }

  @Test
  void unsortedEntriesAreReported() throws IOException {
    writeTwoRounds();
    Path pagemap = chain.resolve("1/pagemap-1.img");
    Files.write(
        pagemap,
        ImageCodec.encode(
            ImageMagic.PAGEMAP,
            PagemapHead.newBuilder().setPagesId(1).build(),
            new PageRange(BASE + 8L * PAGE, 1, PageLocation.PRESENT).toEntry(),
            new PageRange(BASE, 3, PageLocation.PRESENT).toEntry()));
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.file()).isEqualTo(pagemap);
              assertThat(p.offset()).isEqualTo(32);
              assertThat(p.message()).contains("entry at 0x7f0000000000: unsorted or overlapping");
            });
  }

  @Test
  void parentRangeNotCoveredByTheParentIsReported() throws IOException {
    writeTwoRounds();
    try (RoundWriter writer =
        RoundWriter.begin(chain, RoundInfo.withParent(3, 2, "hash", 3, SOURCE))) {
      try (ProcessWriter p = writer.beginProcess(new ProcessInfo(1001, 1, 0, "a"))) {
        p.parent(BASE, 6); // round 2 covers only 4 pages from BASE
      }
      writer.commit(RoundStatsRecord.getDefaultInstance());
    }
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.file()).isEqualTo(chain.resolve("3/pagemap-1.img"));
              assertThat(p.offset()).isEqualTo(14);
              assertThat(p.message())
                  .contains("PE_PARENT range 0x7f0000000000-0x7f0000006000 of ns pid 1")
                  .contains("page 0x7f0000004000 is missing");
            });
  }

  @Test
  void badEntryFieldsInventoryAndUnlistedFilesAreReported() throws IOException {
    writeTwoRounds();
    Path round = chain.resolve("1");
    Path pagemap = round.resolve("pagemap-1.img");
    Files.write(
        pagemap,
        ImageCodec.encode(
            ImageMagic.PAGEMAP,
            PagemapHead.newBuilder().setPagesId(1).build(),
            PagemapEntry.newBuilder()
                .setVaddr(BASE)
                .setCompatNrPages(2)
                .setNrPages(4)
                .setFlags(4)
                .build(),
            PagemapEntry.newBuilder()
                .setVaddr(BASE + 16L * PAGE)
                .setCompatNrPages(1)
                .setNrPages(1)
                .setFlags(5)
                .build(),
            PagemapEntry.newBuilder().setVaddr(BASE + 20L * PAGE + 1).setCompatNrPages(0).build()));
    Files.write(
        round.resolve("inventory.img"),
        ImageCodec.encode(
            ImageMagic.INVENTORY, InventoryEntry.newBuilder().setImgVersion(2).build()));
    Files.write(round.resolve("pages-9.img"), new byte[PAGE]);
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.problems())
        .extracting(Problem::message)
        .anyMatch(m -> m.contains("compat_nr_pages 2 differs from nr_pages 4"))
        .anyMatch(m -> m.contains("flags 5 are not exactly one of"))
        .anyMatch(m -> m.contains("nr_pages missing"))
        .anyMatch(m -> m.contains("flags missing"))
        .anyMatch(m -> m.contains("nr_pages is 0"))
        .anyMatch(m -> m.contains("vaddr is not page-aligned"))
        .anyMatch(m -> m.contains("img_version is 2"))
        .anyMatch(m -> m.contains("dump_uptime missing"))
        .anyMatch(m -> m.contains("not listed in the manifest"));
  }

  @Test
  void severalProblemsInSeveralLevelsAreAllReported() throws IOException {
    RandomChain.seed(28).levels(3).processes(2).build(chain);
    flipByte(chain.resolve("1/pages-1.img"), 10);
    truncate(chain.resolve("2/pages-1.img"), 0);
    flipByte(chain.resolve("3/stats-dump"), 4);
    Files.delete(chain.resolve("3/inventory.img"));
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.problems())
        .anySatisfy(p -> assertThat(p.file()).isEqualTo(chain.resolve("1/pages-1.img")))
        .anySatisfy(p -> assertThat(p.file()).isEqualTo(chain.resolve("2/pages-1.img")))
        .anySatisfy(
            p -> {
              assertThat(p.file()).isEqualTo(chain.resolve("3/stats-dump"));
              assertThat(p.message()).contains("wrong magic");
            })
        .anySatisfy(
            p -> {
              assertThat(p.file()).isEqualTo(chain.resolve("3/inventory.img"));
              assertThat(p.message()).isEqualTo("missing");
            });
    assertThat(report.levels()).hasSize(3);
    assertThat(report.toString())
        .contains(report.problems().size() + " problems")
        .contains("3/stats-dump at offset 4");
  }

  @Test
  void notAChainIsReported() throws IOException {
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.offset()).isEqualTo(-1));
  }

  /** Round 1: pid 1 with 4 pages at BASE; round 2: pid 1 with 2 parent + 2 present pages. */
  private void writeTwoRounds() throws IOException {
    try (RoundWriter writer =
        RoundWriter.begin(chain, RoundInfo.standalone(1, "full", 1, SOURCE))) {
      try (ProcessWriter p = writer.beginProcess(new ProcessInfo(1001, 1, 0, "a"))) {
        p.present(BASE, pages(4, 1));
      }
      writer.commit(RoundStatsRecord.getDefaultInstance());
    }
    try (RoundWriter writer =
        RoundWriter.begin(chain, RoundInfo.withParent(2, 1, "hash", 2, SOURCE))) {
      try (ProcessWriter p = writer.beginProcess(new ProcessInfo(1001, 1, 0, "a"))) {
        p.parent(BASE, 2);
        p.present(BASE + 2L * PAGE, pages(2, 7));
      }
      writer.commit(RoundStatsRecord.getDefaultInstance());
    }
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.ok()).as(report.toString()).isTrue();
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x01);
    }
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }
}
