package dev.predump.agent.workload;

import dev.predump.agent.kernel.AnonymousMemory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A target process with known memory: {@code mappings} regions filled with {@link PagePattern}, a
 * generation per page, and a thread that rewrites pages at the requested rate. It never allocates
 * in its loops, so the JVM's own memory stays quiet next to the pattern.
 */
public final class Workload implements AutoCloseable {
  private static final int PAGE = PagePattern.PAGE;

  /** One ByteBuffer view per mapping must stay below 2 GiB. */
  private static final long MAX_MAPPING = 1L << 30;

  private final WorkloadSpec spec;
  private final PagePattern pattern;
  private final AnonymousMemory memory;
  private final AnonymousMemory sealed;
  private final List<ByteBuffer> segments = new ArrayList<>();
  private final long pagesPerSegment;
  private final int[] generation;
  private final Object lock = new Object();
  private long cursor;
  private long dirtied;
  private volatile boolean stopping;

  private Workload(WorkloadSpec spec) throws IOException {
    this.spec = spec;
    this.pattern = new PagePattern(spec.seed());
    long totalPages = (spec.sizeBytes() + PAGE - 1) / PAGE;
    int mappings =
        (int) Math.max(spec.mappings(), (totalPages * PAGE + MAX_MAPPING - 1) / MAX_MAPPING);
    this.pagesPerSegment = Math.max(1, (totalPages + mappings - 1) / mappings);
    long stride = (pagesPerSegment + 1) * PAGE;
    this.memory = AnonymousMemory.map(stride * mappings);
    for (int s = 0; s < mappings; s++) {
      // A PROT_NONE page after each segment keeps the kernel from merging the mappings.
      memory.protect(s * stride + pagesPerSegment * PAGE, PAGE, AnonymousMemory.PROT_NONE);
      segments.add(memory.buffer(s * stride, (int) (pagesPerSegment * PAGE)));
    }
    this.generation = new int[Math.toIntExact(pagesPerSegment * mappings)];
    for (long p = 0; p < generation.length; p++) {
      writePage(p);
    }
    this.sealed = spec.sealedPages() > 0 ? seal(spec.sealedPages()) : null;
  }

  /** Page numbers of the sealed mapping, far from the main pattern's. */
  public static final long SEALED_PAGE_BASE = 1L << 40;

  private AnonymousMemory seal(int pages) throws IOException {
    AnonymousMemory m = AnonymousMemory.map((long) pages * PAGE);
    ByteBuffer b = m.buffer(0, pages * PAGE);
    for (int p = 0; p < pages; p++) {
      pattern.write(b, p * PAGE, SEALED_PAGE_BASE + p, 0);
    }
    m.protect(0, (long) pages * PAGE, AnonymousMemory.PROT_NONE);
    return m;
  }

  /** Maps and fills the memory. */
  public static Workload start(WorkloadSpec spec) throws IOException {
    return new Workload(spec);
  }

  /** Total pages of the pattern. */
  public long pages() {
    return generation.length;
  }

  private void writePage(long p) {
    ByteBuffer seg = segments.get((int) (p / pagesPerSegment));
    pattern.write(seg, (int) ((p % pagesPerSegment) * PAGE), p, generation[(int) p]);
  }

  /** Rewrites {@code count} pages in a fixed cyclic order, each with a new generation. */
  public long dirty(long count) {
    synchronized (lock) {
      for (long i = 0; i < count; i++) {
        long p = cursor++ % generation.length;
        generation[(int) p]++;
        writePage(p);
      }
      dirtied += count;
      return dirtied;
    }
  }

  /** The first page that does not hold its expected pattern, or -1 when all do. */
  public long check() {
    synchronized (lock) {
      for (long p = 0; p < generation.length; p++) {
        ByteBuffer seg = segments.get((int) (p / pagesPerSegment));
        if (!pattern.matches(seg, (int) ((p % pagesPerSegment) * PAGE), p, generation[(int) p])) {
          return p;
        }
      }
      return -1;
    }
  }

  /** Prints the layout, then serves commands from {@code in} until "exit" or end of input. */
  public int serve(InputStream in, PrintStream out) throws IOException {
    long stride = (pagesPerSegment + 1) * PAGE;
    out.printf(
        "workload pid=%d pages=%d mappings=%d%n",
        ProcessHandle.current().pid(), generation.length, segments.size());
    for (int s = 0; s < segments.size(); s++) {
      long start = memory.address() + s * stride;
      out.printf("region 0x%x-0x%x%n", start, start + pagesPerSegment * PAGE);
    }
    if (sealed != null) {
      out.printf("sealed 0x%x-0x%x%n", sealed.address(), sealed.address() + sealed.size());
    }
    out.println("ready");
    out.flush();
    installCheckOnHangup(out);
    Thread dirtier = startDaemon("workload-dirtier", this::dirtyLoop);
    Thread churner = spec.churn() ? startDaemon("workload-churn", this::churnLoop) : null;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String[] words = line.trim().split("\\s+");
        switch (words[0]) {
          case "dirty" -> out.println("dirtied " + dirty(Long.parseLong(words[1])));
          case "check" -> out.println(checkLine());
          case "exit" -> {
            return 0;
          }
          case "" -> {}
          default -> out.println("unknown command: " + words[0]);
        }
        out.flush();
      }
      // End of input (started in the background with no stdin): run until killed.
      while (!stopping) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          break;
        }
      }
      return 0;
    } finally {
      stopping = true;
      dirtier.interrupt();
      if (churner != null) {
        churner.interrupt();
      }
    }
  }

  private String checkLine() {
    long bad = check();
    return bad < 0 ? "check ok " + generation.length + " pages" : "check FAILED at page " + bad;
  }

  @SuppressWarnings("removal")
  private void installCheckOnHangup(PrintStream out) {
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal("HUP"),
          s -> {
            out.println(checkLine());
            out.flush();
          });
    } catch (IllegalArgumentException e) {
      // The JVM reserves the signal on this platform: stdin's "check" still works.
    }
  }

  private static Thread startDaemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void dirtyLoop() {
    if (spec.dirtyRate() <= 0) {
      return;
    }
    SplittableRandom random = new SplittableRandom(spec.seed());
    double perTick = spec.dirtyRate() * generation.length / 100.0; // 10 ms ticks
    double owed = 0;
    while (!stopping) {
      owed += perTick;
      long n = (long) owed;
      owed -= n;
      synchronized (lock) {
        for (long i = 0; i < n; i++) {
          int p = random.nextInt(generation.length);
          generation[p]++;
          writePage(p);
        }
        dirtied += n;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void churnLoop() {
    int pages = 64;
    while (!stopping) {
      try (AnonymousMemory region = AnonymousMemory.map((long) pages * PAGE)) {
        ByteBuffer b = region.buffer(0, pages * PAGE);
        for (int p = 0; p < pages; p++) {
          b.putLong(p * PAGE, p + 1);
        }
        region.protect(0, (long) pages * PAGE, AnonymousMemory.PROT_NONE);
        region.protect(0, (long) pages * PAGE, AnonymousMemory.PROT_READ);
        Thread.sleep(1);
      } catch (IOException e) {
        return;
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    stopping = true;
    memory.close();
    if (sealed != null) {
      sealed.close();
    }
  }
}
