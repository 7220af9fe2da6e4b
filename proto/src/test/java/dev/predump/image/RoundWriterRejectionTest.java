package dev.predump.image;

import static dev.predump.image.RoundWriterTest.BASE;
import static dev.predump.image.RoundWriterTest.PAGE;
import static dev.predump.image.RoundWriterTest.SOURCE;
import static dev.predump.image.RoundWriterTest.pages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.predump.image.proto.RoundStatsRecord;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

class RoundWriterRejectionTest {
  @TempDir Path chain;

  @Test
  void unsortedRangeIsRejectedWithPidAndAddresses() throws IOException {
    assertRejected(
        p -> {
          p.present(BASE + 8L * PAGE, pages(1, 1));
          p.present(BASE, pages(1, 2));
        },
        "process ns pid 5 (host pid 1005)",
        "0x7f0000000000-0x7f0000001000",
        "out of order",
        "0x7f0000008000-0x7f0000009000");
  }

  @Test
  void overlappingRangeIsRejected() throws IOException {
    assertRejected(
        p -> {
          p.present(BASE, pages(4, 1));
          p.present(BASE + 3L * PAGE, pages(2, 5));
        },
        "ns pid 5",
        "0x7f0000003000",
        "overlaps",
        "0x7f0000000000-0x7f0000004000");
  }

  @Test
  void unalignedRangeIsRejected() throws IOException {
    assertRejected(p -> p.present(BASE + 12, pages(1, 1)), "0x7f000000000c", "page-aligned");
  }

  @Test
  void emptyRangeIsRejected() throws IOException {
    assertRejected(
        p -> p.present(BASE, 0, Channels.newChannel(new ByteArrayInputStream(new byte[0]))),
        "empty range at 0x7f0000000000");
    assertRejected(p -> p.present(BASE, ByteBuffer.allocate(0)), "0 bytes");
  }

  @Test
  void bufferNotAMultipleOfThePageSizeIsRejected() throws IOException {
    assertRejected(
        p -> p.present(BASE, ByteBuffer.allocate(PAGE + 100)), "4196 bytes", "multiple of 4096");
  }

  @Test
  void negativeCountIsRejected() throws IOException {
    assertRejected(
        p -> p.present(BASE, -1, Channels.newChannel(new ByteArrayInputStream(new byte[0]))),
        "empty range");
  }

  @Test
  void badInputLeavesTheWriterUsable() throws IOException {
    try (RoundWriter writer = begin(1)) {
      try (ProcessWriter p = writer.beginProcess(new ProcessInfo(1005, 5, 0, "x"))) {
        p.present(BASE, pages(1, 1));
        assertThatThrownBy(() -> p.present(BASE, pages(1, 2)))
            .isInstanceOf(IllegalArgumentException.class);
        p.present(BASE + PAGE, pages(1, 2));
      }
      RoundSummary summary = writer.commit(RoundStatsRecord.getDefaultInstance());
      assertThat(summary.pagesPresent()).isEqualTo(2);
    }
    assertThat(Files.size(chain.resolve("1/pages-1.img"))).isEqualTo(2L * PAGE);
  }

  @Test
  void shortStreamIsRejectedAndTakenBack() throws IOException {
    byte[] first = new byte[2 * PAGE];
    first[0] = 1;
    byte[] third = new byte[PAGE];
    third[0] = 3;
    try (RoundWriter writer = begin(1)) {
      try (ProcessWriter p = writer.beginProcess(new ProcessInfo(1005, 5, 0, "x"))) {
        p.present(BASE, 2, Channels.newChannel(new ByteArrayInputStream(first)));
        byte[] short3 = new byte[3 * PAGE - 1];
        Arrays.fill(short3, (byte) 0x77);
        assertThatThrownBy(
                () ->
                    p.present(
                        BASE + 4L * PAGE, 3, Channels.newChannel(new ByteArrayInputStream(short3))))
            .isInstanceOf(EOFException.class)
            .hasMessageContaining("ns pid 5")
            .hasMessageContaining("0x7f0000004000-0x7f0000007000")
            .hasMessageContaining("ended after 12287 of 12288 bytes");
        p.present(BASE + 4L * PAGE, ByteBuffer.wrap(third));
        assertThat(p.pagesPresent()).isEqualTo(3);
      }
      writer.commit(RoundStatsRecord.getDefaultInstance());
    }
    byte[] pages = Files.readAllBytes(chain.resolve("1/pages-1.img"));
    assertThat(pages).hasSize(3 * PAGE);
    assertThat(pages[0]).isEqualTo((byte) 1);
    assertThat(pages[2 * PAGE]).isEqualTo((byte) 3);
    assertThat(pages).doesNotContain((byte) 0x77);
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.ok()).as(report.toString()).isTrue();
  }

  @Test
  void failedWriteSpoilsTheRound() throws IOException {
    try (RoundWriter writer = begin(1)) {
      ProcessWriter p = writer.beginProcess(new ProcessInfo(1005, 5, 0, "x"));
      ReadableByteChannel failing =
          new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
              throw new IOException("Input/output error");
            }

            @Override
            public boolean isOpen() {
              return true;
            }

            @Override
            public void close() {}
          };
      assertThatThrownBy(() -> p.present(BASE, 1, failing))
          .isInstanceOf(IOException.class)
          .hasMessage("Input/output error");
      assertThatThrownBy(() -> p.present(BASE + 8L * PAGE, pages(1, 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("can no longer be written")
          .hasMessageContaining("copying range 0x7f0000000000 failed");
      assertThatThrownBy(() -> writer.commit(RoundStatsRecord.getDefaultInstance()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Round 1 can no longer be written");
    }
    assertNoRoundLeft();
  }

  @Test
  void duplicateProcessIsRejected() throws IOException {
    try (RoundWriter writer = begin(1)) {
      writer.beginProcess(new ProcessInfo(1005, 5, 0, "x")).close();
      assertThatThrownBy(() -> writer.beginProcess(new ProcessInfo(2000, 5, 0, "y")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ns pid 5")
          .hasMessageContaining("already written");
    }
    assertNoRoundLeft();
  }

  @Test
  void parentRangeWithoutParentRoundIsRejected() throws IOException {
    assertRejected(p -> p.parent(BASE, 1), "PE_PARENT", "without a parent");
  }

  @Test
  void commitWithAnOpenProcessIsRejected() throws IOException {
    try (RoundWriter writer = begin(1)) {
      writer.beginProcess(new ProcessInfo(1005, 5, 0, "x"));
      assertThatThrownBy(() -> writer.commit(RoundStatsRecord.getDefaultInstance()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("still open: ns pids [5]");
    }
    assertNoRoundLeft();
  }

  @Test
  void existingRoundIsRejected() throws IOException {
    commitEmpty(begin(1));
    assertThatThrownBy(() -> begin(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Round 1 already exists");
    assertThat(RoundWriter.removeUnfinished(chain)).isEmpty();
  }

  @Test
  void missingParentIsRejected() {
    assertThatThrownBy(
            () -> RoundWriter.begin(chain, RoundInfo.withParent(3, 2, "hash", 1, SOURCE)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs parent round 2")
        .hasMessageContaining("does not exist");
    assertThat(chain.resolve("3")).doesNotExist();
    assertThat(chain).isEmptyDirectory();
  }

  @Test
  void incompleteParentIsRejected() throws IOException {
    Files.createDirectory(chain.resolve("2"));
    assertThatThrownBy(
            () -> RoundWriter.begin(chain, RoundInfo.withParent(3, 2, "hash", 1, SOURCE)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("incomplete (no manifest)");
    assertThat(chain.resolve("3")).doesNotExist();
  }

  @Test
  void parentMustBeEarlier() {
    assertThatThrownBy(() -> RoundInfo.withParent(2, 2, "hash", 1, SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("earlier round");
  }

  @Test
  void crashBeforeCommitLeavesNothingThatLooksComplete() throws IOException {
    commitEmpty(begin(1));
    RoundWriter crashed = RoundWriter.begin(chain, RoundInfo.withParent(2, 1, "hash", 1, SOURCE));
    ProcessWriter p = crashed.beginProcess(new ProcessInfo(1005, 5, 0, "x"));
    p.present(BASE, pages(3, 1));
    p.close();
    // No commit, no close: as if the agent died here.
    Path partial = crashed.temporaryDir();
    assertThat(partial).isDirectory();
    assertThat(partial.getFileName().toString()).startsWith(".2.partial-");
    assertThat(chain.resolve("2")).doesNotExist();
    assertThat(Files.readSymbolicLink(chain.resolve("latest"))).isEqualTo(Path.of("1"));
    try (ImageChain images = ImageChain.open(chain)) {
      assertThat(images.top().round()).isEqualTo(1);
    }
    assertThatThrownBy(() -> ImageChain.open(partial))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("neither a complete round");
    assertThat(ChainVerifier.verify(partial).ok()).isFalse();

    // A crash during the commit: the manifest is written but the rename never happened.
    Path committing = chain.resolve(".3.partial-0abc");
    Files.createDirectory(committing);
    Files.copy(chain.resolve("1/manifest"), committing.resolve("manifest"));
    Files.copy(chain.resolve("1/inventory.img"), committing.resolve("inventory.img"));
    assertThatThrownBy(() -> ImageChain.open(committing))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageContaining("not a committed round");
    Path strayLink = chain.resolve(".latest.partial-0def");
    Files.createSymbolicLink(strayLink, Path.of("3"));

    List<Path> removed = RoundWriter.removeUnfinished(chain);
    assertThat(removed).containsExactlyInAnyOrder(partial, committing, strayLink);
    assertThat(committing).doesNotExist();
    assertThat(Files.exists(strayLink, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(partial).doesNotExist();
    assertThat(chain.resolve("1")).isDirectory();
    assertThat(ChainVerifier.verify(chain).ok()).isTrue();
    crashed.close(); // the dir is gone already; close must cope
  }

  @Test
  void abortedRoundCanBeWrittenAgain() throws IOException {
    try (RoundWriter writer = begin(1)) {
      writer.beginProcess(new ProcessInfo(1005, 5, 0, "x")).present(BASE, pages(1, 1));
    }
    assertNoRoundLeft();
    commitEmpty(begin(1));
    assertThat(chain.resolve("1/manifest")).isRegularFile();
  }

  private void assertRejected(ThrowingConsumer<ProcessWriter> input, String... fragments)
      throws IOException {
    try (RoundWriter writer = begin(1)) {
      ProcessWriter p = writer.beginProcess(new ProcessInfo(1005, 5, 0, "x"));
      assertThatThrownBy(() -> input.accept(p))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContainingAll(fragments);
    }
    assertNoRoundLeft();
  }

  private RoundWriter begin(int round) throws IOException {
    return RoundWriter.begin(chain, RoundInfo.standalone(round, "full", 1, SOURCE));
  }

  private static void commitEmpty(RoundWriter writer) throws IOException {
    try (writer) {
      writer.commit(RoundStatsRecord.getDefaultInstance());
    }
  }

  private void assertNoRoundLeft() throws IOException {
    try (Stream<Path> entries = Files.list(chain)) {
      assertThat(entries.filter(p -> !p.getFileName().toString().equals("latest")))
          .as("round dirs left in %s", chain)
          .allMatch(p -> Files.isDirectory(p) && Files.exists(p.resolve("manifest")));
    }
    try (Stream<Path> entries = Files.list(chain)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains("partial"));
    }
  }
}
