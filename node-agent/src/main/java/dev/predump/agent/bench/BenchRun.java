package dev.predump.agent.bench;

import dev.predump.image.ImageChain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The entry point of {@code predump bench}: runs the plan, prints the tables, writes JSON. */
public final class BenchRun {
  private BenchRun() {}

  /** Runs the benchmark; returns the process exit code. */
  /** The section names {@code --only} accepts. */
  public static List<String> sections() {
    return Benchmark.SECTIONS;
  }

  public static int run(
      List<Long> sizes,
      List<Integer> mappings,
      long mappingsSize,
      int pairs,
      int rounds,
      Set<String> sections,
      Path workDir,
      Path json,
      PrintStream out)
      throws IOException, InterruptedException {
    Path work =
        Files.createTempDirectory(
            workDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : workDir,
            "predump-bench-");
    try {
      Benchmark bench =
          new Benchmark(
              new Benchmark.Plan(sizes, mappings, mappingsSize, pairs, rounds, work, sections),
              out);
      BenchResults results = bench.run();
      out.println();
      out.print(results.table());
      Files.writeString(json, results.json());
      out.println("\nResults written to " + json.toAbsolutePath());
      return 0;
    } finally {
      ImageChain.delete(work);
    }
  }
}
