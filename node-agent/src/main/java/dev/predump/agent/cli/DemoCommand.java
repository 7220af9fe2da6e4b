package dev.predump.agent.cli;

import dev.predump.agent.engine.Cancellation;
import dev.predump.agent.engine.DumpOptions;
import dev.predump.agent.engine.LiveComparison;
import dev.predump.agent.engine.PreCopy;
import dev.predump.agent.engine.RoundStats;
import dev.predump.agent.engine.RunResult;
import dev.predump.agent.engine.StopPolicy;
import dev.predump.agent.engine.Target;
import dev.predump.agent.engine.Targets;
import dev.predump.agent.engine.Tracking;
import dev.predump.agent.workload.ScratchCgroup;
import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.image.ChainVerifier;
import dev.predump.image.ImageChain;
import dev.predump.image.VerificationReport;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code predump demo}: the whole idea on one machine, in a few seconds. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a workload in a cgroup of its own, pre-copies it in rounds while it keeps",
      "rewriting memory, verifies the chain against the live workload, and cleans up."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--size",
      defaultValue = "256M",
      converter = Sizes.class,
      description = "Workload memory (default: ${DEFAULT-VALUE}).")
  long size;

  @Option(
      names = "--dirty-rate",
      defaultValue = "0.01",
      paramLabel = "FRACTION/S",
      description =
          "Fraction of the workload's pages rewritten per second (default: ${DEFAULT-VALUE}).")
  double dirtyRate;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "Maximum rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--tracking",
      defaultValue = "auto",
      paramLabel = "auto|soft-dirty|hash|full",
      description = "Dirty tracking (default: ${DEFAULT-VALUE}).")
  String tracking;

  @Option(
      names = "--interval",
      defaultValue = "500ms",
      description = "Pause between rounds (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Keep the chain here (default: a temporary directory, removed at the end).")
  Path out;

  @Option(
      names = "--cluster",
      description =
          "Runs the same flow through the operator and an agent against a local API server,"
              + " printing the PreDump's status as it changes (unless given: --size 64M,"
              + " --tracking hash).")
  boolean cluster;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (cluster) {
      return ClusterDemoProcess.run(givenOptions());
    }
    Privileges.requireRoot("demo");
    Path chain = out != null ? out : Files.createTempDirectory("predump-demo-");
    ChainDirectory.prepareEmpty(chain);
    System.out.printf(
        "Starting a workload: %s in 32 mappings, rewriting %.1f%% of its pages per second.%n",
        Sizes.human(size), dirtyRate * 100);
    try (WorkloadProcess workload =
        WorkloadProcess.start(new WorkloadSpec(size, 32, dirtyRate, false, 42))) {
      ScratchCgroup cgroup = containerFor(workload);
      try (Target target =
          cgroup != null ? Targets.cgroup(cgroup.path()) : Targets.process(workload.pid())) {
        System.out.println("Pre-copying " + target.description() + " into " + chain + ":");
        RunResult result = preCopy(target, chain);
        System.out.println("Stopped: " + result.message() + ".");
        if (result.latestRound() == 0) {
          System.err.println("predump: demo failed: " + result.message());
          return 1;
        }
        return verify(chain, target, workload, result);
      } finally {
        workload.close();
        if (cgroup != null) {
          cgroup.close();
        }
      }
    } finally {
      if (out == null) {
        ImageChain.delete(chain);
      }
    }
  }

  /** The options given on the command line, but --cluster, for the cluster demo. */
  private List<String> givenOptions() {
    List<String> args = new ArrayList<>();
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      if (o.longestName().equals("--cluster")) {
        continue;
      }
      for (String value : o.originalStringValues()) {
        args.add(o.longestName());
        args.add(value);
      }
    }
    return args;
  }

  private static ScratchCgroup containerFor(WorkloadProcess workload) {
    try {
      ScratchCgroup c = ScratchCgroup.create("predump-demo-" + ProcessHandle.current().pid());
      c.add(workload.pid());
      return c;
    } catch (IOException e) {
      System.out.println(
          "No cgroup could be created ("
              + OneLineErrors.describe(e)
              + "); stopping the workload with ptrace instead.");
      return null;
    }
  }

  private RunResult preCopy(Target target, Path chain) throws IOException {
    DumpOptions options =
        new DumpOptions(
            Tracking.fromCliName(tracking),
            new StopPolicy(rounds, 64 * 1024, -1),
            Duration.ofMillis(250),
            interval,
            0,
            Duration.ofMinutes(5),
            DumpOptions.DEFAULT_BUFFER_BYTES);
    RoundTable table = new RoundTable(System.out, false);
    SourceIdentity source =
        SourceIdentity.newBuilder()
            .setCgroup(target.cgroupPath())
            .setTargetPid(target.targetPid())
            .build();
    return new PreCopy(target, chain, options, source)
        .run(table::print, new Cancellation(PreCopy.deadline(options)));
  }

  private static int verify(Path chain, Target target, WorkloadProcess workload, RunResult result)
      throws IOException {
    VerificationReport report = ChainVerifier.verify(chain);
    System.out.println(
        report.ok()
            ? "Chain verified: " + report.levels().size() + " rounds, no problems" + "."
            : "Chain has problems:\n" + report);
    LiveComparison.Result live = LiveComparison.compare(chain, target, Duration.ofSeconds(5));
    boolean intact = workload.check();
    RoundStats last = result.rounds().get(result.rounds().size() - 1);
    long maxFrozen = result.rounds().stream().mapToLong(RoundStats::frozenTime).max().orElse(0);
    System.out.printf(
        "Against the live workload: %d pages compared, %d changed and %d new since round %d: a"
            + " final dump would copy %s instead of %s.%n",
        live.pagesCompared(),
        live.pagesDiffering(),
        live.livePagesMissing(),
        last.round(),
        Sizes.human(live.pagesToCopy() * 4096),
        Sizes.human(result.rounds().get(0).bytesWritten()));
    System.out.printf(
        "The workload was frozen at most %.2f ms per round; its self-check after the rounds: %s.%n",
        maxFrozen / 1000.0, intact ? "intact" : "CORRUPTED");
    boolean ok = report.ok() && intact;
    if (!ok) {
      System.err.println(
          "predump: demo failed: "
              + (!report.ok()
                  ? "the chain did not verify"
                  : "the workload's memory was corrupted"));
    }
    return ok ? 0 : 1;
  }
}
