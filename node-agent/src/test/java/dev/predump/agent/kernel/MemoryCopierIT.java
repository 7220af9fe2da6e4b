package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies the memory of real python3 children whose memory holds a known pattern. */
class MemoryCopierIT {

  private static final int PAGE = LibC.PAGE_SIZE;
  private static final int MIB = 1 << 20;

  private MemoryChild child;

  @BeforeAll
  static void needPython() {
    boolean ok = MemoryChild.python3Available();
    if (!ok) {
      System.err.println("MemoryCopierIT skipped: python3 is not available");
    }
    Assumptions.assumeTrue(ok, "python3 is not available");
  }

  @BeforeEach
  void startChild() throws IOException {
    child = MemoryChild.start();
  }

  @AfterEach
  void killChild() {
    child.close();
  }

  @Test
  void copiesALargeRegionAcrossManyBufferFillsByteForByte() throws IOException {
    long pages = 80L * MIB / PAGE;
    long addr = child.anon(pages, 11);
    PatternSink sink = new PatternSink().region(addr, pages, 11);

    CopyOutcome outcome;
    long t0 = System.nanoTime();
    try (MemoryCopier copier = new MemoryCopier(4 * MIB)) {
      outcome = copier.copy(child.pid(), List.of(new PageRun(addr, pages, true)), sink);
    }
    long micros = (System.nanoTime() - t0) / 1000;
    System.err.printf(
        "Copied 80 MiB in %d us (%.2f GiB/s, pattern check included)%n",
        micros, 80.0 / 1024 / (micros / 1e6));

    assertThat(outcome).isEqualTo(new CopyOutcome(pages, 0, 0, 0, false, pages * PAGE));
    sink.assertAllMatched();
    assertThat(sink.pages()).isEqualTo(pages);
    // Two 2 MiB halves take turns: one is read while the sink writes the other.
    assertThat(sink.calls()).hasSize(40).allMatch(c -> c[1] == 2 * MIB);
  }

  @Test
  void overlappedCopiesCallTheSinkOnTheWriterThreadAndSerialOnesInline() throws IOException {
    long pages = 3000;
    long addr = child.anon(pages, 5);
    for (boolean overlap : new boolean[] {true, false}) {
      PatternSink sink = new PatternSink().region(addr, pages, 5);
      List<String> threads = new ArrayList<>();
      try (MemoryCopier copier = new MemoryCopier(MIB, overlap)) {
        assertThat(copier.overlaps()).isEqualTo(overlap);
        CopyOutcome outcome =
            copier.copy(
                child.pid(),
                List.of(new PageRun(addr, pages, true)),
                (vaddr, data) -> {
                  threads.add(Thread.currentThread().getName());
                  sink.accept(vaddr, data);
                });
        assertThat(outcome.pagesRead()).isEqualTo(pages);
      }
      sink.assertAllMatched();
      assertThat(sink.calls()).hasSize(overlap ? 24 : 12);
      assertThat(threads)
          .containsOnly(overlap ? "predump-page-writer" : Thread.currentThread().getName());
    }
  }

  @Test
  void aSinkFailureEndsTheCopyWithThatFailureAndNoLaterCalls() throws Exception {
    long pages = 40L * MIB / PAGE;
    long addr = child.anon(pages, 8);
    List<Long> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    IOException full = new IOException("No space left on device");
    try (MemoryCopier copier = new MemoryCopier(MIB)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  copier.copy(
                      child.pid(),
                      List.of(new PageRun(addr, pages, true)),
                      (vaddr, data) -> {
                        calls.add(vaddr);
                        if (calls.size() == 3) {
                          throw full;
                        }
                      }))
          .isSameAs(full);
      int seen = calls.size();
      Thread.sleep(200);
      assertThat(calls).hasSize(seen).hasSize(3);
      // The copier stays usable after a failed copy.
      PatternSink sink = new PatternSink().region(addr, 10, 8);
      assertThat(copier.copy(child.pid(), List.of(new PageRun(addr, 10, true)), sink).pagesRead())
          .isEqualTo(10);
      sink.assertAllMatched();
    }
  }

  @Test
  void splitsMoreThan1024IovecsAcrossCallsAndMergesContiguousRuns() throws IOException {
    long pages = 6000;
    long addr = child.anon(pages, 5);
    List<PageRun> runs = new ArrayList<>();
    // 2500 separate pages: more iovecs than one call takes.
    for (long p = 0; p < 5000; p += 2) {
      runs.add(new PageRun(addr + p * PAGE, 1, true));
    }
    // 1000 adjacent one-page runs: one iovec, one span.
    for (long p = 5000; p < 6000; p++) {
      runs.add(new PageRun(addr + p * PAGE, 1, true));
    }
    PatternSink sink = new PatternSink().region(addr, pages, 5);

    CopyOutcome outcome;
    try (MemoryCopier copier = new MemoryCopier(64 * MIB)) {
      outcome = copier.copy(child.pid(), runs, sink);
    }

    assertThat(outcome.pagesRead()).isEqualTo(3500);
    assertInvariant(outcome, 3500);
    sink.assertAllMatched();
    assertThat(sink.calls()).hasSize(2501);
    assertThat(sink.calls().get(2500)).containsExactly(addr + 5000L * PAGE, 1000L * PAGE);
  }

  @Test
  void readsMappingsWithoutReadPermissionThroughProcMem() throws IOException {
    long addr = child.anon(96, 3);
    // The middle third loses PROT_READ: process_vm_readv faults there and must fall back.
    child.protect(addr + 32L * PAGE, 32, 0);
    long other = child.anon(16, 9);
    child.protect(other, 16, 0);
    PatternSink sink = new PatternSink().region(addr, 96, 3).region(other, 16, 9);
    List<PageRun> runs = new ArrayList<>();
    runs.add(new PageRun(addr, 96, true));
    runs.add(new PageRun(other, 16, false));
    runs.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));

    CopyOutcome outcome;
    try (MemoryCopier copier = new MemoryCopier(MIB)) {
      outcome = copier.copy(child.pid(), runs, sink);
    }

    assertThat(outcome.pagesRead()).isEqualTo(112);
    assertThat(outcome.pagesViaProcMem()).isEqualTo(48);
    assertInvariant(outcome, 112);
    sink.assertAllMatched();
    assertThat(sink.pages()).isEqualTo(112);
  }

  @Test
  void countsPagesUnmappedAfterTheScanAsVanished() throws IOException {
    long addr = child.anon(96, 21);
    List<PageRun> runs = new ArrayList<>();
    for (PageRegion r : PagemapSources.best().scan(child.pid(), addr, addr + 96L * PAGE)) {
      runs.add(new PageRun(r.start(), (r.end() - r.start()) / PAGE, true));
    }
    assertThat(runs).containsExactly(new PageRun(addr, 96, true));
    // Gone between scan and copy: a hole in the middle of one iovec, and the first page.
    child.unmap(addr + 40L * PAGE, 20);
    child.unmap(addr, 1);
    PatternSink sink = new PatternSink().region(addr, 96, 21);

    CopyOutcome outcome;
    try (MemoryCopier copier = new MemoryCopier(MIB)) {
      outcome = copier.copy(child.pid(), runs, sink);
    }

    assertThat(outcome.pagesVanished()).isEqualTo(21);
    assertThat(outcome.pagesRead()).isEqualTo(75);
    assertThat(outcome.processExited()).isFalse();
    assertInvariant(outcome, 96);
    sink.assertAllMatched();
    assertThat(sink.calls()).extracting(c -> c[0]).containsExactly(addr + PAGE, addr + 60L * PAGE);
  }

  @Test
  void countsMappedPagesThatCannotBeReadAsUnreadable(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("one-page");
    byte[] content = new byte[PAGE];
    content[0] = 42;
    content[PAGE - 1] = 43;
    Files.write(file, content);
    // Pages past the end of the file stay mapped but cannot be read (SIGBUS in the process).
    long addr = child.mapFile(file, 4);
    List<byte[]> got = new ArrayList<>();

    CopyOutcome outcome;
    try (MemoryCopier copier = new MemoryCopier(MIB)) {
      outcome =
          copier.copy(
              child.pid(),
              List.of(new PageRun(addr, 4, true)),
              (vaddr, pages) -> {
                byte[] b = new byte[pages.remaining()];
                pages.get(b);
                got.add(b);
              });
    }

    assertThat(outcome.pagesRead()).isEqualTo(1);
    assertThat(outcome.pagesUnreadable()).isEqualTo(3);
    assertInvariant(outcome, 4);
    assertThat(got).hasSize(1);
    assertThat(got.get(0)).isEqualTo(content);
  }

  @Test
  void stopsWithoutErrorWhenTheProcessDiesMidCopy() throws IOException {
    long pages = 32L * MIB / PAGE;
    long addr = child.anon(pages, 1);
    PatternSink check = new PatternSink().region(addr, pages, 1);

    CopyOutcome outcome;
    try (MemoryCopier copier = new MemoryCopier(MIB)) {
      outcome =
          copier.copy(
              child.pid(),
              List.of(
                  new PageRun(addr, pages / 2, true),
                  new PageRun(addr + pages / 2 * PAGE, pages / 2, false)),
              (vaddr, data) -> {
                check.accept(vaddr, data);
                child.kill();
              });
    }

    assertThat(outcome.processExited()).isTrue();
    assertThat(outcome.pagesRead()).isEqualTo(MIB / PAGE).isEqualTo(check.pages());
    assertThat(outcome.pagesUnreadable()).isZero();
    assertInvariant(outcome, pages);
    check.assertAllMatched();
  }

  @Test
  void aProcessThatIsGoneYieldsAnExitedOutcome() throws IOException {
    long addr = child.anon(8, 0);
    int pid = child.pid();
    child.kill();

    CopyOutcome outcome;
    try (MemoryCopier copier = new MemoryCopier(MIB)) {
      outcome =
          copier.copy(
              pid,
              List.of(new PageRun(addr, 4, true), new PageRun(addr + 4L * PAGE, 4, false)),
              (vaddr, data) -> {
                throw new AssertionError("nothing can be read");
              });
    }

    assertThat(outcome).isEqualTo(new CopyOutcome(0, 8, 0, 0, true, 0));
  }

  @Test
  void aCopierIsReusableAcrossCalls() throws IOException {
    long a = child.anon(300, 100);
    long b = child.anon(300, 200);
    try (MemoryCopier copier = new MemoryCopier(256 * 1024)) {
      for (long[] region : new long[][] {{a, 100}, {b, 200}, {a, 100}}) {
        PatternSink sink = new PatternSink().region(region[0], 300, region[1]);
        CopyOutcome outcome =
            copier.copy(child.pid(), List.of(new PageRun(region[0], 300, true)), sink);
        assertThat(outcome.pagesRead()).isEqualTo(300);
        sink.assertAllMatched();
      }
    }
  }

  private static void assertInvariant(CopyOutcome outcome, long requested) {
    assertThat(outcome.pagesRead() + outcome.pagesVanished() + outcome.pagesUnreadable())
        .as("every page counted once: %s", outcome)
        .isEqualTo(requested);
    assertThat(outcome.bytesRead()).isEqualTo(outcome.pagesRead() * PAGE);
    assertThat(outcome.pagesViaProcMem()).isLessThanOrEqualTo(outcome.pagesRead());
  }
}
