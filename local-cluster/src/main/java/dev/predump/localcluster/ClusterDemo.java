package dev.predump.localcluster;

import dev.predump.agent.cli.ProjectHome;
import dev.predump.agent.cli.Sizes;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.api.v1alpha1.Durations;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpSpec;
import dev.predump.api.v1alpha1.RoundPolicy;
import dev.predump.api.v1alpha1.TrackingMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code predump demo --cluster}: the single-node demo's flow through the real operator and a real
 * agent, as processes against a local API server, for a person to watch. Exit code 0 when the
 * PreDump Succeeded and its chain checks out, 1 when anything failed, 2 for bad options.
 */
@Command(
    name = "predump demo --cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a local API server, the operator and an agent for node-1, a workload in a pod,",
      "and a PreDump of it; prints each round as the status changes, then checks the chain."
    })
public final class ClusterDemo implements Callable<Integer> {
  static final String NODE = "node-1";
  static final String NAME = "demo";
  private static final int LOG_TAIL_LINES = 40;

  /** The client warns that v1alpha1 is not a stable version: noise for a person watching. */
  private static final Logger CLIENT_LOG =
      Logger.getLogger("io.fabric8.kubernetes.client.dsl.internal");

  @Option(
      names = "--size",
      defaultValue = "64M",
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
      defaultValue = "hash",
      paramLabel = "auto|soft-dirty|hash|full",
      description = "Dirty tracking (default: ${DEFAULT-VALUE}).")
  String tracking;

  @Option(
      names = "--interval",
      defaultValue = "500ms",
      description = "Pause between rounds (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(
      names = {"--keep", "--out"},
      paramLabel = "DIR",
      description =
          "Keep the images, the kubeconfig and the process logs here (default: a temporary"
              + " directory, removed at the end).")
  Path keep;

  private final PrintStream out;
  private final PrintStream err;

  ClusterDemo(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    CLIENT_LOG.setLevel(Level.SEVERE);
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the demo and returns its exit code. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new ClusterDemo(out, err));
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("predump: demo --cluster: " + e.getMessage().replaceFirst("^Error: ", ""));
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, c, p) -> {
          err.println("predump: demo --cluster failed: " + describe(e));
          if (System.getenv("PREDUMP_DEBUG") != null) {
            e.printStackTrace(err);
          }
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (!isRoot()) {
      err.println(
          "predump: demo --cluster needs root: it stops processes and reads their memory (try"
              + " sudo)");
      return 1;
    }
    PreDumpSpec spec;
    WorkloadSpec workloadSpec;
    try {
      spec = spec();
      workloadSpec = new WorkloadSpec(size, 32, dirtyRate, false, 42);
    } catch (IllegalArgumentException e) {
      err.println("predump: demo --cluster: " + e.getMessage());
      return 2;
    }
    Path home = ProjectHome.locate();
    for (Path jar : LocalCluster.jars(home)) {
      if (!Files.isRegularFile(jar)) {
        err.println(
            "predump: demo --cluster needs the operator and local-cluster jars: run ./mvnw -B"
                + " package -DskipTests ("
                + jar
                + " is missing)");
        return 1;
      }
    }
    Path dir = workDirectory();
    DemoRun run = new DemoRun(home, dir, keep == null, out);
    Thread hook = new Thread(run::interrupt, "demo-cluster-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      String failure;
      try {
        failure = run.execute(NAME, NODE, spec, workloadSpec);
      } catch (Exception e) {
        failure = describe(e);
        if (System.getenv("PREDUMP_DEBUG") != null) {
          e.printStackTrace(err);
        }
      }
      if (run.wasInterrupted()) {
        // The shutdown hook stops everything; the processes it kills are no failure to report.
        return 130;
      }
      if (failure != null) {
        run.printLogTails(LOG_TAIL_LINES);
        err.println("predump: demo --cluster failed: " + failure);
        return 1;
      }
      return 0;
    } finally {
      run.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already exiting (Ctrl-C): the hook does the cleanup.
      }
    }
  }

  private PreDumpSpec spec() {
    PreDumpSpec spec = new PreDumpSpec();
    spec.setPodName(NAME);
    RoundPolicy r = new RoundPolicy();
    r.setMax(rounds);
    r.setInterval(duration(interval));
    // Show the rounds: stop early only after a round that dirtied under 64 KiB (as the
    // single-node demo does), never because the dirty set grew.
    r.setConvergeBelow(64 * 1024L);
    r.setMaxGrowthPercent(1000);
    spec.setRounds(r);
    spec.setTracking(trackingMode(tracking));
    spec.setFreezeBudget("1s");
    spec.setTimeout("10m");
    return spec;
  }

  /** The CLI's tracking names (and the API's) to the API's enum. */
  static TrackingMode trackingMode(String name) {
    String key = name.replace("-", "").toLowerCase(Locale.ROOT);
    for (TrackingMode m : TrackingMode.values()) {
      if (m.name().toLowerCase(Locale.ROOT).equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown tracking '" + name + "' (expected auto, soft-dirty, hash or full)");
  }

  /** A duration as the API spells it; a bare number is milliseconds, as on the CLI. */
  static String duration(String text) {
    String t = text.trim();
    if (t.matches("\\d+")) {
      t = t + "ms";
    }
    if (!Durations.isValid(t)) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (examples: 250ms, 5s, 2m, 1h)");
    }
    return t;
  }

  private Path workDirectory() throws IOException {
    if (keep == null) {
      return Files.createTempDirectory("predump-demo-cluster-");
    }
    Path dir = keep.toAbsolutePath().normalize();
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(dir + " is not empty: name a new or empty directory for --keep");
        }
      }
    }
    Files.createDirectories(dir);
    return dir;
  }

  private static boolean isRoot() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:")) {
        return "0".equals(line.split("\\s+")[2]);
      }
    }
    return false;
  }

  static String describe(Throwable e) {
    String msg = e.getMessage();
    return msg == null || msg.isBlank()
        ? e.getClass().getSimpleName() + " (run with PREDUMP_DEBUG=1 for details)"
        : msg;
  }

  /** Whether {@code pd} ended Succeeded. */
  static boolean succeeded(PreDump pd) {
    return pd.getStatus() != null && pd.getStatus().getPhase() == PreDumpPhase.Succeeded;
  }

  static Duration watchLimit() {
    return Duration.ofMinutes(10).plusSeconds(30);
  }
}
