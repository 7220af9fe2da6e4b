package dev.predump.agent.cli;

import dev.predump.agent.engine.Cancellation;
import dev.predump.agent.engine.DumpOptions;
import dev.predump.agent.engine.FrozenPathWarmUp;
import dev.predump.agent.engine.PreCopy;
import dev.predump.agent.engine.RunResult;
import dev.predump.agent.engine.StopPolicy;
import dev.predump.agent.engine.Target;
import dev.predump.agent.engine.Targets;
import dev.predump.agent.engine.Tracking;
import dev.predump.image.WriteMode;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code predump dump}: rounds of pre-copy of a process or cgroup into DIR/1, DIR/2, ... */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = {
      "Pre-copies a process or a cgroup's processes into DIR/1, DIR/2, ..., with DIR/latest",
      "pointing at the newest complete round. Each round stops the target only while it reads",
      "the memory maps."
    })
final class DumpCommand implements Callable<Integer> {

  static final class TargetChoice {
    @Option(
        names = "--pid",
        description =
            "A process (stopped with ptrace, or with its own cgroup's freezer when it owns one).")
    Integer pid;

    @Option(
        names = "--cgroup",
        description =
            "A cgroup directory (v1 freezer or v2); all its processes are stopped together.")
    Path cgroup;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  TargetChoice target;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Chain directory; created if missing, must hold no rounds yet.")
  Path out;

  @Option(
      names = "--rounds",
      defaultValue = "8",
      description = "Maximum rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--tracking",
      defaultValue = "auto",
      paramLabel = "auto|soft-dirty|hash|full",
      description =
          "Dirty tracking (default: ${DEFAULT-VALUE}: soft-dirty where the kernel has it, else hash).")
  String tracking;

  @Option(
      names = "--converge-below",
      defaultValue = "64M",
      paramLabel = "BYTES",
      converter = Sizes.class,
      description = "Stop once a round writes fewer bytes than this (default: ${DEFAULT-VALUE}).")
  long convergeBelow;

  @Option(
      names = "--max-growth",
      defaultValue = "20",
      paramLabel = "PERCENT",
      description =
          "Stop as not converging once a round (the third or later) writes more than PERCENT above the round before; 0 = at any growth, -1 = never (default: ${DEFAULT-VALUE}).")
  int maxGrowth;

  @Option(
      names = "--freeze-budget",
      defaultValue = "100ms",
      paramLabel = "DURATION",
      description =
          "Longest a round may keep the target stopped; past it the round is abandoned (default: ${DEFAULT-VALUE}; a bare number is ms).")
  Duration freezeBudget;

  @Option(
      names = "--interval",
      defaultValue = "0s",
      paramLabel = "DURATION",
      description = "Pause between rounds (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--bandwidth",
      defaultValue = "0",
      paramLabel = "BYTES/S",
      converter = Sizes.class,
      description = "Cap on image writes per second, 0 = none (default: ${DEFAULT-VALUE}).")
  long bandwidth;

  @Option(
      names = "--timeout",
      defaultValue = "30m",
      paramLabel = "DURATION",
      description =
          "Whole run; a round still running then is abandoned (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--write-mode",
      defaultValue = "direct",
      paramLabel = "direct|buffered",
      description = {
        "direct: O_DIRECT writes, past the page cache (buffered where the file system refuses",
        "O_DIRECT); buffered: through the page cache (default: ${DEFAULT-VALUE})."
      })
  String writeMode;

  @Option(
      names = "--realtime-window",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = {
        "Run the freezing thread SCHED_FIFO (priority 1) while the target is frozen, so that",
        "nothing else runnable delays the thaw (default: on; --no-realtime-window: normal",
        "priority). Without CAP_SYS_NICE it stays at normal priority and says so once."
      })
  boolean realtimeWindow;

  @Option(names = "--json", description = "Print each round as a JSON object per line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Privileges.requireRoot("dump");
    DumpOptions options =
        new DumpOptions(
            Tracking.fromCliName(tracking),
            new StopPolicy(rounds, convergeBelow, maxGrowth),
            freezeBudget,
            interval,
            bandwidth,
            timeout,
            DumpOptions.DEFAULT_BUFFER_BYTES,
            WriteMode.fromCliName(writeMode),
            realtimeWindow);
    ChainDirectory.prepareEmpty(out);
    try (Target t =
        target.pid != null ? Targets.process(target.pid) : Targets.cgroup(target.cgroup)) {
      RunResult result = runInterruptibly(t, options, new RoundTable(System.out, json));
      return report(result);
    }
  }

  /** Runs the rounds; Ctrl-C or SIGTERM cancels the run, which thaws the target before exit. */
  RunResult runInterruptibly(Target t, DumpOptions options, RoundTable table) throws IOException {
    Cancellation cancellation = new Cancellation(PreCopy.deadline(options));
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              cancellation.cancel("interrupted by signal");
              try {
                finished.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "predump-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      SourceIdentity source =
          SourceIdentity.newBuilder().setCgroup(t.cgroupPath()).setTargetPid(t.targetPid()).build();
      // Half a second at most, so that round 1 does not keep the target frozen for the JIT.
      FrozenPathWarmUp.run(Duration.ofMillis(500));
      return new PreCopy(t, out, options, source).run(table::print, cancellation);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running and waits for us.
      }
    }
  }

  private int report(RunResult result) {
    String where =
        result.latestRound() == 0
            ? "no round completed"
            : String.format("chain %s, latest round %d", result.chainDir(), result.latestRound());
    if (json) {
      System.out.printf(
          "{\"stop_reason\":\"%s\",\"message\":\"%s\",\"latest_round\":%d,\"failed\":%b}%n",
          result.reason().name().toLowerCase(java.util.Locale.ROOT),
          result.message().replace("\\", "\\\\").replace("\"", "\\\""),
          result.latestRound(),
          result.failed());
    } else {
      System.out.println("Stopped: " + result.message() + "; " + where + ".");
    }
    if (result.failed()) {
      System.err.println("predump: " + result.message());
      return 3;
    }
    return 0;
  }
}
