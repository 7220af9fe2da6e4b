package dev.predump.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.predump.image.testing.ChainModel;
import dev.predump.image.testing.RandomChain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageChainTest {
  private static final int PAGE = ImageLayout.PAGE_SIZE;

  @TempDir Path tmp;

  @ParameterizedTest(name = "seed {0}, {1} levels, {2} processes")
  @CsvSource({"1, 1, 1", "2, 2, 3", "3, 3, 2", "4, 4, 4", "5, 5, 3", "6, 5, 1", "7, 3, 5"})
  void everyPageReadsBackThroughTheChain(long seed, int levels, int processes) throws IOException {
    ChainModel model = RandomChain.seed(seed).levels(levels).processes(processes).build(tmp);
    try (ImageChain chain = ImageChain.open(tmp)) {
      assertThat(chain.levels()).extracting(RoundImage::round).first().isEqualTo(levels);
      assertThat(chain.levels()).hasSize(levels);
      assertThat(chain.pids()).isEqualTo(model.pids());
      if (levels > 1) {
        // Otherwise the chain would not exercise PE_PARENT resolution at all.
        assertThat(model.rounds().get(levels - 1).pagesParent()).isPositive();
      }
      for (int pid : model.pids()) {
        assertThat(chain.pagemap(pid)).isEqualTo(model.ranges(levels, pid));
        assertReadPageMatches(chain, model, pid);
        assertForEachPageMatches(chain, model.pages(pid), pid);
      }
    }
  }

  @Test
  void everyRoundOfAChainReadsAsOfItsOwnTime() throws IOException {
    ChainModel model = RandomChain.seed(42).levels(5).processes(3).build(tmp);
    for (int round = 1; round <= 5; round++) {
      try (ImageChain chain = ImageChain.open(model.roundDir(round))) {
        assertThat(chain.levels()).hasSize(round);
        assertThat(chain.top().dir()).isEqualTo(model.roundDir(round));
        for (int pid : model.pids(round)) {
          assertForEachPageMatches(chain, model.pages(round, pid), pid);
        }
      }
    }
  }

  @Test
  void readPageIsFalseForPagesAndPidsTheChainDoesNotHold() throws IOException {
    ChainModel model = RandomChain.seed(9).levels(2).build(tmp);
    try (ImageChain chain = ImageChain.open(tmp)) {
      int pid = model.pids().iterator().next();
      long beyond = model.pages(pid).lastKey() + 64L * PAGE;
      assertThat(chain.readPage(pid, beyond, ByteBuffer.allocate(PAGE))).isFalse();
      assertThat(chain.readPage(999, model.pages(pid).firstKey(), ByteBuffer.allocate(PAGE)))
          .isFalse();
      assertThatThrownBy(() -> chain.readPage(pid, 12, ByteBuffer.allocate(PAGE)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> chain.forEachPage(999, (v, p, r) -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ns pid 999");
    }
  }

  @Test
  void levelsExposeManifestInventoryAndPagemaps() throws IOException {
    ChainModel model = RandomChain.seed(11).levels(3).processes(2).build(tmp);
    try (ImageChain chain = ImageChain.open(tmp)) {
      for (RoundImage level : chain.levels()) {
        assertThat(level.dir()).isEqualTo(model.roundDir(level.round()));
        assertThat(level.manifest().getRound()).isEqualTo(level.round());
        assertThat(level.inventory().getDumpUptime()).isEqualTo(level.manifest().getDumpUptime());
        assertThat(level.pids()).isEqualTo(model.pids(level.round()));
        for (int pid : level.pids()) {
          Pagemap pagemap = level.pagemap(pid).orElseThrow();
          assertThat(pagemap.ranges()).isEqualTo(model.ranges(level.round(), pid));
        }
      }
    }
  }

  @Test
  void relativeAndDottedPathsOpenTheSameRound() throws IOException {
    RandomChain.seed(12).levels(2).build(tmp);
    try (ImageChain chain = ImageChain.open(tmp.resolve("2/../2/."))) {
      assertThat(chain.top().round()).isEqualTo(2);
      assertThat(chain.levels()).hasSize(2);
    }
  }

  @Test
  void danglingParentLinkIsRefused() throws IOException {
    RandomChain.seed(5).levels(2).build(tmp);
    deleteRound(tmp.resolve("1"));
    assertThatThrownBy(() -> ImageChain.open(tmp))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("dangling parent link");
  }

  @Test
  void truncatedPagesFileIsRefused() throws IOException {
    RandomChain.seed(5).levels(1).build(tmp);
    Path pages = tmp.resolve("1/pages-1.img");
    try (FileChannel channel = FileChannel.open(pages, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - PAGE);
    }
    assertThatThrownBy(() -> ImageChain.open(tmp))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("pages-1.img")
        .hasMessageContaining("present entries need");
  }

  private static void assertReadPageMatches(ImageChain chain, ChainModel model, int pid)
      throws IOException {
    ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
    for (Map.Entry<Long, ChainModel.Page> e : model.pages(pid).entrySet()) {
      page.clear();
      assertThat(chain.readPage(pid, e.getKey(), page)).isTrue();
      assertThat(page.position()).isEqualTo(PAGE);
      page.flip();
      byte[] bytes = new byte[PAGE];
      page.get(bytes);
      assertThat(bytes).as("pid %d page 0x%x", pid, e.getKey()).isEqualTo(e.getValue().data());
    }
  }

  private static void assertForEachPageMatches(
      ImageChain chain, Map<Long, ChainModel.Page> expectedPages, int pid) throws IOException {
    List<Long> seen = new ArrayList<>();
    chain.forEachPage(
        pid,
        (vaddr, page, round) -> {
          ChainModel.Page expected = expectedPages.get(vaddr);
          assertThat(expected).as("unexpected page 0x%x", vaddr).isNotNull();
          assertThat(round).as("round of 0x%x", vaddr).isEqualTo(expected.round());
          byte[] bytes = new byte[PAGE];
          page.get(bytes);
          assertThat(bytes).as("pid %d page 0x%x", pid, vaddr).isEqualTo(expected.data());
          seen.add(vaddr);
        });
    assertThat(seen).containsExactlyElementsOf(expectedPages.keySet());
  }

  static void deleteRound(Path round) throws IOException {
    ChainDirectory.deleteTree(round);
    assertThat(Files.exists(round)).isFalse();
  }
}
