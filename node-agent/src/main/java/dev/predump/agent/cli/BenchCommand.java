package dev.predump.agent.cli;

import dev.predump.agent.bench.BenchRun;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code predump bench}: the benchmark anyone can rerun; prints tables and writes JSON. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures frozen time per round against target size and mapping count, copy speed",
      "against a raw process_vm_readv-into-file baseline in the same run, the hash tracker's",
      "bytes against the pages really changed, the agent's memory and pipes, and the cost of",
      "finding present pages. Quick by default; --full adds 4 GiB and 10,000 mappings."
    })
final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--full",
      description = "Also 4 GiB targets and 10,000 mappings (needs ~10 GiB free memory).")
  boolean full;

  @Option(
      names = "--pairs",
      defaultValue = "5",
      description = "Alternating raw/engine pairs per target (default: ${DEFAULT-VALUE}).")
  int pairs;

  @Option(
      names = "--json",
      defaultValue = "bench.json",
      paramLabel = "FILE",
      description = "Where to write the results (default: ${DEFAULT-VALUE}).")
  Path json;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where to write images while measuring (default: the system temp dir).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    Privileges.requireRoot("bench");
    long mib = 1L << 20;
    List<Long> sizes =
        full ? List.of(256 * mib, 1024 * mib, 4096 * mib) : List.of(256 * mib, 1024 * mib);
    List<Integer> mappings = full ? List.of(10, 1000, 10000) : List.of(10, 1000);
    return BenchRun.run(sizes, mappings, 1024 * mib, pairs, workDir, json, System.out);
  }
}
