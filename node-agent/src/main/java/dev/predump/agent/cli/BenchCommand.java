package dev.predump.agent.cli;

import dev.predump.agent.bench.BenchRun;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code predump bench}: the benchmark anyone can rerun; prints tables and writes JSON. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures frozen time per round against target size and mapping count (and with the",
      "freezing thread at normal against real-time priority), copy speed",
      "against a raw process_vm_readv-into-file baseline in the same run, the hash tracker's",
      "bytes against the pages really changed, the agent's memory and pipes, and the cost of",
      "finding present pages. Quick by default; --full adds 4 GiB and 10,000 mappings."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

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
      names = "--rounds",
      defaultValue = "11",
      description =
          "Rounds per frozen-time run; round 1 is reported apart, the later ones as median, p90"
              + " and max (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "SECTION",
      description =
          "Run only these sections: frozen (with the pagemap costs), priority, throughput, hash,"
              + " memory, coldstart (default: all).")
  List<String> only;

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
    Set<String> sections = new LinkedHashSet<>(only == null ? BenchRun.sections() : only);
    for (String s : sections) {
      if (!BenchRun.sections().contains(s)) {
        throw new ParameterException(
            spec.commandLine(),
            "Unknown section '"
                + s
                + "': expected one of "
                + String.join(", ", BenchRun.sections()));
      }
    }
    if (pairs < 1) {
      throw new ParameterException(spec.commandLine(), "--pairs must be at least 1");
    }
    if (rounds < 2) {
      throw new ParameterException(
          spec.commandLine(), "--rounds must be at least 2: round 1 is reported apart");
    }
    return BenchRun.run(
        sizes, mappings, 1024 * mib, pairs, rounds, sections, workDir, json, System.out);
  }
}
