package dev.predump.agent.cli;

import dev.predump.agent.workload.Workload;
import dev.predump.agent.workload.WorkloadSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code predump workload}: a process with known memory, for demos, tests and benchmarks. */
@Command(
    name = "workload",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a target with a deterministic memory pattern in separate mappings, rewriting a",
      "fraction of its pages per second. Commands on stdin: 'dirty K' rewrites K pages,",
      "'check' verifies every page, 'exit'. SIGHUP also runs the check."
    })
final class WorkloadCommand implements Callable<Integer> {

  @Option(
      names = "--size",
      required = true,
      converter = Sizes.class,
      paramLabel = "SIZE",
      description = "Memory to fill, e.g. 256M, 1G.")
  long size;

  @Option(
      names = "--mappings",
      defaultValue = "16",
      description = "Separate mappings to spread it over (default: ${DEFAULT-VALUE}).")
  int mappings;

  @Option(
      names = "--dirty-rate",
      defaultValue = "0",
      paramLabel = "FRACTION/S",
      description =
          "Fraction of pages rewritten per second, e.g. 0.05 (default: ${DEFAULT-VALUE}).")
  double dirtyRate;

  @Option(
      names = "--churn",
      description = "Also map, write, mprotect and unmap regions in a loop (races for tests).")
  boolean churn;

  @Option(
      names = "--sealed-pages",
      defaultValue = "0",
      description =
          "Pages of an extra mapping written once, then made PROT_NONE (default: ${DEFAULT-VALUE}).")
  int sealedPages;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Pattern seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    WorkloadSpec spec = new WorkloadSpec(size, mappings, dirtyRate, churn, seed, sealedPages);
    try (Workload w = Workload.start(spec)) {
      return w.serve(System.in, System.out);
    }
  }
}
