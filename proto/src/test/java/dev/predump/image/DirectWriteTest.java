package dev.predump.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.predump.image.proto.RoundStatsRecord;
import dev.predump.image.testing.ChainAssertions;
import dev.predump.image.testing.ChainModel;
import dev.predump.image.testing.RandomChain;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Page data written with O_DIRECT: the same chains, read back page by page, verified. */
class DirectWriteTest {
  private static final int PAGE = ImageLayout.PAGE_SIZE;
  private static final long BASE = 0x7f0000000000L;

  /** O_DIRECT in the flags of /proc/PID/fdinfo (octal, x86 and arm64 alike: 040000 / 0200000). */
  private static final long O_DIRECT =
      System.getProperty("os.arch").contains("aarch64") ? 0200000 : 040000;

  @TempDir Path tmp;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void randomChainsWrittenDirectReadBackAndVerify(long seed) throws IOException {
    ChainModel model =
        RandomChain.seed(seed).levels(3).processes(3).writeMode(WriteMode.DIRECT).build(tmp);

    ChainAssertions.assertChainMatches(model);
    ChainAssertions.assertChainVerifies(tmp);
  }

  @Test
  void directModeOpensThePagesFileWithODirectAndBufferedModeDoesNot() throws IOException {
    assertThat(pagesFileFlags(WriteMode.DIRECT) & O_DIRECT).isEqualTo(O_DIRECT);
    assertThat(pagesFileFlags(WriteMode.BUFFERED) & O_DIRECT).isZero();
  }

  @Test
  void everyKindOfBufferLandsIntact() throws IOException {
    Random random = new Random(5);
    byte[] a = bytes(random, 3);
    byte[] b = bytes(random, 2);
    byte[] c = bytes(random, 4);
    byte[] d = bytes(random, 1);
    try (RoundWriter writer = RoundWriter.begin(tmp, info(), WriteMode.DIRECT);
        ProcessWriter process = writer.beginProcess(new ProcessInfo(10, 1, 5, "app"))) {
      assertThat(process.direct()).isTrue();
      process.present(BASE, ByteBuffer.wrap(a));
      ByteBuffer misaligned = ByteBuffer.allocateDirect(b.length + PAGE + 16);
      misaligned.position(16);
      misaligned = misaligned.slice().put(b).flip();
      assertThat(misaligned.alignmentOffset(0, PAGE)).isNotZero();
      process.present(BASE + 3L * PAGE, misaligned);
      ByteBuffer aligned = ByteBuffer.allocateDirect(c.length + PAGE).alignedSlice(PAGE);
      aligned.put(c).flip();
      process.present(BASE + 5L * PAGE, aligned);
      process.present(BASE + 9L * PAGE, 1, Channels.newChannel(new ByteArrayInputStream(d)));
      process.close();
      writer.commit(RoundStatsRecord.getDefaultInstance());
    }

    ChainAssertions.assertProcessHolds(
        tmp,
        1,
        pages(Map.of(BASE, a, BASE + 3L * PAGE, b, BASE + 5L * PAGE, c, BASE + 9L * PAGE, d)));
    ChainAssertions.assertChainVerifies(tmp);
  }

  @Test
  void aShortSourceIsTakenBackAndTheWriterGoesOn() throws IOException {
    Random random = new Random(6);
    byte[] first = bytes(random, 2);
    byte[] shortSource = new byte[PAGE + 100];
    byte[] after = bytes(random, 1);
    try (RoundWriter writer = RoundWriter.begin(tmp, info(), WriteMode.DIRECT);
        ProcessWriter process = writer.beginProcess(new ProcessInfo(10, 1, 5, "app"))) {
      process.present(BASE, ByteBuffer.wrap(first));
      assertThatThrownBy(
              () ->
                  process.present(
                      BASE + 2L * PAGE,
                      2,
                      Channels.newChannel(new ByteArrayInputStream(shortSource))))
          .isInstanceOf(EOFException.class)
          .hasMessageContaining("ended after " + shortSource.length);
      process.present(BASE + 2L * PAGE, 1, Channels.newChannel(new ByteArrayInputStream(after)));
      process.close();
      writer.commit(RoundStatsRecord.getDefaultInstance());
    }

    ChainAssertions.assertProcessHolds(tmp, 1, pages(Map.of(BASE, first, BASE + 2L * PAGE, after)));
    ChainAssertions.assertChainVerifies(tmp);
    assertThat(Files.size(tmp.resolve("1/pages-1.img"))).isEqualTo(3L * PAGE);
  }

  @Test
  void aFileSystemThatRefusesODirectGetsBufferedFilesThatVerify() throws Exception {
    // ramfs has no direct I/O: open(O_DIRECT) fails with EINVAL after creating the file.
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root) {
      System.err.println("DirectWriteTest: fallback test skipped: mounting ramfs needs root");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(root, "mounting ramfs needs root");
    Path mount = tmp.resolve("ramfs");
    Files.createDirectories(mount);
    run("mount", "-t", "ramfs", "ramfs", mount.toString());
    try {
      Path chain = mount.resolve("chain");
      byte[] page = bytes(new Random(7), 2);
      try (RoundWriter writer = RoundWriter.begin(chain, info(), WriteMode.DIRECT);
          ProcessWriter process = writer.beginProcess(new ProcessInfo(10, 1, 5, "app"))) {
        assertThat(process.direct()).isFalse();
        ByteBuffer aligned = ByteBuffer.allocateDirect(page.length + PAGE).alignedSlice(PAGE);
        aligned.put(page).flip();
        process.present(BASE, aligned);
        process.close();
        writer.commit(RoundStatsRecord.getDefaultInstance());
      }
      ChainAssertions.assertProcessHolds(chain, 1, pages(Map.of(BASE, page)));
      ChainAssertions.assertChainVerifies(chain);
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(chain.resolve("1/pages-1.img"))))
          .isEqualTo("rw-------");
    } finally {
      run("umount", mount.toString());
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out.strip());
    }
  }

  /** The open flags of the pages file while a writer of {@code mode} holds it. */
  private long pagesFileFlags(WriteMode mode) throws IOException {
    Path chain = tmp.resolve(mode.cliName());
    try (RoundWriter writer = RoundWriter.begin(chain, info(), mode);
        ProcessWriter process = writer.beginProcess(new ProcessInfo(10, 1, 5, "app"))) {
      assertThat(process.direct()).isEqualTo(mode == WriteMode.DIRECT);
      Path pages = writer.temporaryDir().resolve(ImageLayout.pagesName(1)).toRealPath();
      try (var fds = Files.list(Path.of("/proc/self/fd"))) {
        for (Path fd : fds.toList()) {
          Path target;
          try {
            target = Files.readSymbolicLink(fd);
          } catch (IOException e) {
            continue; // closed since the listing
          }
          if (target.equals(pages)) {
            List<String> info =
                Files.readAllLines(Path.of("/proc/self/fdinfo").resolve(fd.getFileName()));
            String flags =
                info.stream().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
            return Long.parseLong(flags.substring("flags:".length()).trim(), 8);
          }
        }
      }
      throw new AssertionError("no open descriptor of " + pages);
    }
  }

  private static RoundInfo info() {
    return RoundInfo.standalone(1, "full", 1000, RoundWriterTest.SOURCE);
  }

  private static byte[] bytes(Random random, int pages) {
    byte[] b = new byte[pages * PAGE];
    random.nextBytes(b);
    return b;
  }

  /** Splits each run into its pages, as assertProcessHolds expects. */
  private static Map<Long, byte[]> pages(Map<Long, byte[]> runs) {
    Map<Long, byte[]> pages = new java.util.TreeMap<>();
    runs.forEach(
        (start, bytes) -> {
          for (int i = 0; i < bytes.length / PAGE; i++) {
            pages.put(
                start + (long) i * PAGE,
                java.util.Arrays.copyOfRange(bytes, i * PAGE, (i + 1) * PAGE));
          }
        });
    return pages;
  }
}
