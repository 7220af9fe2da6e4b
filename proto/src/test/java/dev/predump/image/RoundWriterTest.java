package dev.predump.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.predump.image.proto.DumpStatsEntry;
import dev.predump.image.proto.FileChecksum;
import dev.predump.image.proto.InventoryEntry;
import dev.predump.image.proto.PagemapEntry;
import dev.predump.image.proto.PagemapHead;
import dev.predump.image.proto.ProcessImage;
import dev.predump.image.proto.RoundManifest;
import dev.predump.image.proto.RoundStatsRecord;
import dev.predump.image.proto.SourceIdentity;
import dev.predump.image.proto.StatsEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundWriterTest {
  static final long BASE = 0x7f0000000000L;
  static final int PAGE = ImageLayout.PAGE_SIZE;
  static final SourceIdentity SOURCE =
      SourceIdentity.newBuilder().setContainerId("abc123").setNamespace("default").build();

  @TempDir Path tmp;

  @Test
  void firstRoundHasCriuLayoutAndPrivateModes() throws IOException {
    Path chain = tmp.resolve("ns/predump/container");
    RoundSummary summary = writeFirstRound(chain);

    Path round = chain.resolve("1");
    assertThat(summary.dir()).isEqualTo(round);
    try (Stream<Path> files = Files.list(round)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "inventory.img",
              "stats-dump",
              "manifest",
              "pagemap-1.img",
              "pages-1.img",
              "pagemap-7.img",
              "pages-2.img");
    }
    assertThat(mode(round)).isEqualTo("rwx------");
    for (Path dir : List.of(chain, chain.getParent(), chain.getParent().getParent())) {
      assertThat(mode(dir)).as("created dir %s", dir).isEqualTo("rwx------");
    }
    try (Stream<Path> files = Files.list(round)) {
      for (Path file : files.toList()) {
        assertThat(mode(file)).as("mode of %s", file).isEqualTo("rw-------");
      }
    }
    assertThat(Files.readSymbolicLink(chain.resolve("latest"))).isEqualTo(Path.of("1"));
    assertThat(Files.exists(round.resolve("parent"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(RoundWriter.removeUnfinished(chain)).isEmpty();
  }

  @Test
  void pagemapMergesContiguousRangesAndWritesAllCountFields() throws IOException {
    Path chain = tmp.resolve("chain");
    writeFirstRound(chain);
    List<PagemapEntry> entries = new ArrayList<>();
    int pagesId;
    try (RecordReader reader =
        RecordReader.open(chain.resolve("1/pagemap-1.img"), ImageMagic.PAGEMAP)) {
      pagesId = reader.require(PagemapHead.parser(), "head").getPagesId();
      for (PagemapEntry e; (e = reader.next(PagemapEntry.parser())) != null; ) {
        entries.add(e);
      }
    }
    assertThat(pagesId).isEqualTo(1);
    // Three present() calls at BASE, BASE+2 pages and (from a channel) BASE+3 pages merge.
    assertThat(entries).hasSize(2);
    PagemapEntry merged = entries.get(0);
    assertThat(merged.getVaddr()).isEqualTo(BASE);
    assertThat(merged.getNrPages()).isEqualTo(5);
    assertThat(merged.getCompatNrPages()).isEqualTo(5);
    assertThat(merged.getFlags()).isEqualTo(ImageLayout.PE_PRESENT);
    assertThat(merged.hasInParent()).isFalse();
    assertThat(entries.get(1).getVaddr()).isEqualTo(BASE + 10L * PAGE);
    assertThat(Files.size(chain.resolve("1/pages-1.img"))).isEqualTo(6L * PAGE);
    byte[] pages = Files.readAllBytes(chain.resolve("1/pages-1.img"));
    for (int i = 0; i < 6; i++) {
      assertThat(pages[i * PAGE]).as("page %d", i).isEqualTo((byte) (i + 1));
    }
  }

  @Test
  void secondRoundLinksToParentAndCountsPages() throws IOException {
    Path chain = tmp.resolve("chain");
    writeFirstRound(chain);
    RoundSummary summary;
    try (RoundWriter writer =
        RoundWriter.begin(chain, RoundInfo.withParent(2, 1, "hash", 2_000_000, SOURCE))) {
      try (ProcessWriter p = writer.beginProcess(new ProcessInfo(1001, 1, 10, "init"))) {
        p.parent(BASE, 2);
        p.present(BASE + 2L * PAGE, pages(1, 9));
        p.parent(BASE + 3L * PAGE, 2);
        p.parent(BASE + 10L * PAGE, 1);
      }
      try (ProcessWriter p = writer.beginProcess(new ProcessInfo(1007, 7, 70, "worker"))) {
        p.parent(BASE, 1);
      }
      summary =
          writer.commit(
              RoundStatsRecord.newBuilder()
                  .setPagesWritten(999)
                  .setPagesSkippedParent(999)
                  .build());
    }
    Path round = chain.resolve("2");
    assertThat(Files.readSymbolicLink(round.resolve("parent"))).isEqualTo(Path.of("../1"));
    assertThat(Files.readSymbolicLink(chain.resolve("latest"))).isEqualTo(Path.of("2"));
    assertThat(summary.pagesPresent()).isEqualTo(1);
    assertThat(summary.pagesParent()).isEqualTo(6);
    RoundManifest manifest = summary.manifest();
    assertThat(manifest.getParent()).isEqualTo("../1");
    assertThat(manifest.getStats().getPagesWritten()).isEqualTo(1);
    assertThat(manifest.getStats().getPagesSkippedParent()).isEqualTo(6);
    assertThat(manifest.getProcessesList())
        .extracting(
            ProcessImage::getNsPid, ProcessImage::getPagesPresent, ProcessImage::getPagesParent)
        .containsExactly(tuple(1, 1L, 5L), tuple(7, 0L, 1L));
    assertThat(Files.size(round.resolve("pages-2.img"))).isZero();
    DumpStatsEntry dump = readStats(round).getDump();
    assertThat(dump.getPagesWritten()).isEqualTo(1);
    assertThat(dump.getPagesSkippedParent()).isEqualTo(6);
  }

  @Test
  void manifestRecordsRoundSourceProcessesAndChecksumsOfEveryOtherFile() throws IOException {
    Path chain = tmp.resolve("chain");
    RoundSummary summary = writeFirstRound(chain);
    Path round = chain.resolve("1");
    RoundManifest manifest = Manifests.read(round.resolve("manifest"));
    assertThat(manifest).isEqualTo(summary.manifest());
    assertThat(manifest.getFormatVersion()).isEqualTo(1);
    assertThat(manifest.getRound()).isEqualTo(1);
    assertThat(manifest.hasParent()).isFalse();
    assertThat(manifest.getTracker()).isEqualTo("full");
    assertThat(manifest.getSource()).isEqualTo(SOURCE);
    assertThat(manifest.getDumpUptime()).isEqualTo(1_234_567L);
    assertThat(manifest.getCreatedUnixMillis()).isPositive();
    ProcessImage first = manifest.getProcesses(0);
    assertThat(first.getHostPid()).isEqualTo(1001);
    assertThat(first.getNsPid()).isEqualTo(1);
    assertThat(first.getStartTimeTicks()).isEqualTo(10);
    assertThat(first.getComm()).isEqualTo("init");
    assertThat(first.getPagesId()).isEqualTo(1);
    assertThat(first.getPagesPresent()).isEqualTo(6);
    assertThat(manifest.getProcesses(1).getPagesId()).isEqualTo(2);
    assertThat(manifest.getFilesList())
        .extracting(FileChecksum::getName)
        .containsExactly(
            "inventory.img",
            "pagemap-1.img",
            "pagemap-7.img",
            "pages-1.img",
            "pages-2.img",
            "stats-dump");
    for (FileChecksum file : manifest.getFilesList()) {
      byte[] bytes = Files.readAllBytes(round.resolve(file.getName()));
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      assertThat(file.getSize()).as(file.getName()).isEqualTo(bytes.length);
      assertThat(file.getValue()).as(file.getName()).isEqualTo(crc.getValue());
      assertThat(file.getAlgorithm()).isEqualTo("crc32c");
    }
  }

  @Test
  void inventoryAndStatsHoldWhatCriuNeeds() throws IOException {
    Path chain = tmp.resolve("chain");
    RoundSummary summary = writeFirstRound(chain);
    InventoryEntry inventory = Manifests.readInventory(chain.resolve("1/inventory.img"));
    assertThat(inventory.getImgVersion()).isZero();
    assertThat(inventory.getDumpUptime()).isEqualTo(1_234_567L);
    assertThat(inventory.getPreDumpMode()).isEqualTo(2);
    assertThat(inventory.hasPluginsEntry()).isTrue();
    DumpStatsEntry dump = readStats(chain.resolve("1")).getDump();
    assertThat(dump.getFreezingTime()).isEqualTo(11);
    assertThat(dump.getFrozenTime()).isEqualTo(-1); // 0xffffffff: clamped to uint32
    assertThat(dump.getMemdumpTime()).isEqualTo(33);
    assertThat(dump.getPagesScanned()).isEqualTo(50);
    assertThat(dump.getPagesWritten()).isEqualTo(7);
    assertThat(dump.getPagesSkippedParent()).isZero();
    assertThat(summary.manifest().getStats().getFrozenTime()).isEqualTo(1L << 40);
    assertThat(summary.writeNanos()).isPositive();
  }

  @Test
  void parallelProcessesGetDistinctPagesIds() throws Exception {
    Path chain = tmp.resolve("chain");
    try (RoundWriter writer =
        RoundWriter.begin(chain, RoundInfo.standalone(1, "full", 1, SOURCE))) {
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      for (int pid = 1; pid <= 8; pid++) {
        ProcessWriter p = writer.beginProcess(new ProcessInfo(100 + pid, pid, 0, "p" + pid));
        int n = pid;
        Thread t =
            new Thread(
                () -> {
                  try (p) {
                    for (int i = 0; i < 50; i++) {
                      p.present(BASE + 2L * i * PAGE, pages(1, n));
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failures).isEmpty();
      RoundSummary summary = writer.commit(RoundStatsRecord.getDefaultInstance());
      assertThat(summary.pagesPresent()).isEqualTo(400);
      assertThat(summary.manifest().getProcessesList())
          .extracting(ProcessImage::getPagesId)
          .doesNotHaveDuplicates()
          .allMatch(id -> id >= 1 && id <= 8);
    }
  }

  @Test
  void rangeLongerThanOneEntryCanCountIsSplit() throws IOException {
    Path chain = tmp.resolve("chain");
    writeFirstRound(chain);
    long huge = PageRange.MAX_PAGES_PER_ENTRY + 5;
    try (RoundWriter writer =
        RoundWriter.begin(chain, RoundInfo.withParent(2, 1, "hash", 2, SOURCE))) {
      try (ProcessWriter p = writer.beginProcess(new ProcessInfo(1001, 1, 10, "init"))) {
        p.parent(0, huge);
      }
      assertThat(writer.commit(RoundStatsRecord.getDefaultInstance()).pagesParent())
          .isEqualTo(huge);
    }
    try (RecordReader reader =
        RecordReader.open(chain.resolve("2/pagemap-1.img"), ImageMagic.PAGEMAP)) {
      reader.require(PagemapHead.parser(), "head");
      PagemapEntry first = reader.require(PagemapEntry.parser(), "entry");
      PagemapEntry second = reader.require(PagemapEntry.parser(), "entry");
      assertThat(reader.next(PagemapEntry.parser())).isNull();
      assertThat(first.getNrPages()).isEqualTo(PageRange.MAX_PAGES_PER_ENTRY);
      assertThat(first.getCompatNrPages()).isEqualTo(-1); // 0xffffffff
      assertThat(second.getVaddr()).isEqualTo(PageRange.MAX_PAGES_PER_ENTRY * PAGE);
      assertThat(second.getNrPages()).isEqualTo(5);
      assertThat(second.getCompatNrPages()).isEqualTo(5);
    }
  }

  /** Process 1: pages 1..6 at BASE.. (5 contiguous, then 1 apart); process 7: one page. */
  static RoundSummary writeFirstRound(Path chain) throws IOException {
    try (RoundWriter writer =
        RoundWriter.begin(chain, RoundInfo.standalone(1, "full", 1_234_567L, SOURCE))) {
      try (ProcessWriter p = writer.beginProcess(new ProcessInfo(1001, 1, 10, "init"))) {
        p.present(BASE, pages(2, 1));
        ByteBuffer direct = ByteBuffer.allocateDirect(PAGE);
        direct.put(pages(1, 3)).flip();
        p.present(BASE + 2L * PAGE, direct);
        byte[] two = new byte[2 * PAGE];
        pages(2, 4).get(two);
        p.present(BASE + 3L * PAGE, 2, Channels.newChannel(new ByteArrayInputStream(two)));
        p.present(BASE + 10L * PAGE, pages(1, 6));
      }
      try (ProcessWriter p = writer.beginProcess(new ProcessInfo(1007, 7, 70, "worker"))) {
        p.present(BASE, pages(1, 42));
      }
      return writer.commit(
          RoundStatsRecord.newBuilder()
              .setFreezingTime(11)
              .setFrozenTime(1L << 40)
              .setMemdumpTime(33)
              .setPagesScanned(50)
              .build());
    }
  }

  /** {@code count} pages, the first byte of page i set to {@code firstMark + i}. */
  static ByteBuffer pages(int count, int firstMark) {
    ByteBuffer buffer = ByteBuffer.allocate(count * PAGE);
    for (int i = 0; i < count; i++) {
      buffer.put(i * PAGE, (byte) (firstMark + i));
      buffer.put(i * PAGE + PAGE - 1, (byte) 0x5a);
    }
    return buffer;
  }

  static StatsEntry readStats(Path round) throws IOException {
    try (RecordReader reader = RecordReader.open(round.resolve("stats-dump"), ImageMagic.STATS)) {
      return reader.require(StatsEntry.parser(), "stats");
    }
  }

  static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
