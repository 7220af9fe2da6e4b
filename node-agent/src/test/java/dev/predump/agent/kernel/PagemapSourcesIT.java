package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both pagemap sources against a real python3 child with a known layout. */
class PagemapSourcesIT {

  private static final int PAGE = LibC.PAGE_SIZE;
  private static final int PRESENT = PageCategory.PRESENT;

  private MemoryChild child;

  @BeforeAll
  static void needPythonAndScan() {
    boolean python = MemoryChild.python3Available();
    if (!python) {
      System.err.println("PagemapSourcesIT skipped: python3 is not available");
    }
    Assumptions.assumeTrue(python, "python3 is not available");
    if (!PagemapScan.supported()) {
      System.err.println("PagemapSourcesIT skipped: this kernel has no PAGEMAP_SCAN ioctl");
    }
    Assumptions.assumeTrue(PagemapScan.supported(), "no PAGEMAP_SCAN ioctl");
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
  void bothSourcesReportTouchedPagesAndOnlyThose(@TempDir Path dir) throws IOException {
    long anon = child.empty(64);
    child.write(anon, 10, 0);
    child.read(anon + 20L * PAGE, 10);
    Path file = dir.resolve("data");
    Files.write(file, new byte[16 * PAGE]);
    long mapped = child.mapFile(file, 16);
    child.read(mapped, 8);
    child.write(mapped + 8L * PAGE, 2, 0);

    for (PagemapSource source : List.of(new PagemapScan(), new PagemapFile())) {
      String name = source.getClass().getSimpleName();
      assertThat(source.scan(child.pid(), anon, anon + 64L * PAGE))
          .as(name)
          .containsExactly(
              new PageRegion(anon, anon + 10L * PAGE, PRESENT),
              new PageRegion(anon + 20L * PAGE, anon + 30L * PAGE, PRESENT | PageCategory.PFNZERO));
      List<PageRegion> fileRegions = source.scan(child.pid(), mapped, mapped + 16L * PAGE);
      assertThat(fileRegions)
          .as(name)
          .startsWith(
              new PageRegion(mapped, mapped + 8L * PAGE, PRESENT | PageCategory.FILE),
              new PageRegion(mapped + 8L * PAGE, mapped + 10L * PAGE, PRESENT));
      // Fault-around may have mapped more of the file; those pages are page-cache pages too.
      assertThat(fileRegions.subList(2, fileRegions.size()))
          .allMatch(r -> r.categories() == (PRESENT | PageCategory.FILE));
    }
  }

  @Test
  void bothSourcesAgreeOnEveryMappingOfTheProcess() throws IOException {
    long anon = child.empty(4096);
    for (long p = 0; p < 4096; p += 3) {
      child.write(anon + p * PAGE, 1, 0);
    }
    PagemapSource scan = new PagemapScan();
    PagemapSource file = new PagemapFile();
    int compared = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + child.pid() + "/maps"))) {
      String[] f = line.split("\\s+");
      String name = f.length > 5 ? f[5] : "";
      if (name.startsWith("[vvar") || name.equals("[vsyscall]")) {
        continue; // VM_PFNMAP (the ioctl skips it) or outside the user address range
      }
      String[] range = f[0].split("-");
      long start = Long.parseUnsignedLong(range[0], 16);
      long end = Long.parseUnsignedLong(range[1], 16);
      assertThat(scan.scan(child.pid(), start, end))
          .as(line)
          .isEqualTo(file.scan(child.pid(), start, end));
      compared++;
    }
    assertThat(compared).isGreaterThan(10);
  }

  @Test
  void followsWalkEndWhenTheOutputVectorFills() throws IOException {
    long anon = child.empty(512);
    for (long p = 0; p < 512; p += 2) {
      child.write(anon + p * PAGE, 1, 0);
    }
    List<PageRegion> regions = new PagemapScan(3).scan(child.pid(), anon, anon + 512L * PAGE);
    assertThat(regions)
        .hasSize(256)
        .isEqualTo(new PagemapScan().scan(child.pid(), anon, anon + 512L * PAGE));
    assertThat(regions.get(255))
        .isEqualTo(new PageRegion(anon + 510L * PAGE, anon + 511L * PAGE, PRESENT));
  }

  @Test
  void guardRegionsAreReportedAsGuard() throws IOException {
    long anon = child.empty(8);
    child.write(anon, 2, 0);
    boolean installed = child.guard(anon + 4L * PAGE, 2);
    if (!installed) {
      System.err.println("Guard region check skipped: the kernel lacks MADV_GUARD_INSTALL");
    }
    Assumptions.assumeTrue(installed, "no MADV_GUARD_INSTALL");
    for (PagemapSource source : List.of(new PagemapScan(), new PagemapFile())) {
      assertThat(source.scan(child.pid(), anon, anon + 8L * PAGE))
          .as(source.getClass().getSimpleName())
          .containsExactly(
              new PageRegion(anon, anon + 2L * PAGE, PRESENT),
              new PageRegion(
                  anon + 4L * PAGE, anon + 6L * PAGE, PageCategory.SWAPPED | PageCategory.GUARD));
    }
  }

  @Test
  void swappedPagesAreReportedAsSwapped() throws IOException {
    boolean swap = Files.readAllLines(Path.of("/proc/swaps")).size() > 1;
    if (!swap) {
      System.err.println("Swapped-page check skipped: this machine has no swap configured");
    }
    Assumptions.assumeTrue(swap, "no swap");
    long anon = child.anon(16, 0);
    child.pageOut(anon, 16);
    for (PagemapSource source : List.of(new PagemapScan(), new PagemapFile())) {
      List<PageRegion> regions = source.scan(child.pid(), anon, anon + 16L * PAGE);
      assertThat(regions).as(source.getClass().getSimpleName()).isNotEmpty();
      assertThat(regions).anyMatch(r -> r.is(PageCategory.SWAPPED));
    }
  }

  @Test
  void aProcessThatIsGoneIsReportedAsSuch() throws Exception {
    String zombie =
        """
        import os, time
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        print(pid, flush=True)
        time.sleep(600)
        """;
    int unused =
        Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).trim());
    try (Grandchild parent = Grandchild.python(zombie)) {
      int pid = Integer.parseInt(parent.firstLine().trim());
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Grandchild.state(pid) == 'Z');
      for (PagemapSource source : List.of(new PagemapScan(), new PagemapFile())) {
        for (int gone : new int[] {pid, unused}) {
          assertThatThrownBy(() -> source.scan(gone, PAGE, 1L << 40))
              .isInstanceOf(NoSuchProcessException.class)
              .hasMessageContaining("process " + gone);
        }
      }
    }
  }

  @Test
  void measuresBothSourcesOnOneGibibyte() throws IOException {
    long pages = (1L << 30) / PAGE;
    long anon = child.empty(pages);
    child.touch(anon, pages);
    long end = anon + pages * PAGE;
    List<Long> times = new ArrayList<>();
    List<PageRegion> last = null;
    for (PagemapSource source :
        List.of(new PagemapScan(), new PagemapFile(), new PagemapScan(), new PagemapFile())) {
      long t0 = System.nanoTime();
      List<PageRegion> regions = source.scan(child.pid(), anon, end);
      times.add((System.nanoTime() - t0) / 1000);
      if (last != null) {
        assertThat(regions).isEqualTo(last);
      }
      last = regions;
    }
    System.err.printf(
        "Pagemap of 1 GiB present: PAGEMAP_SCAN %d us, /proc/PID/pagemap %d us (second runs; first %d / %d us), %d region(s)%n",
        times.get(2), times.get(3), times.get(0), times.get(1), last.size());
    assertThat(last).allMatch(r -> r.is(PRESENT));
  }
}
