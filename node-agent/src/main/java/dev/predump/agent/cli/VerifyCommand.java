package dev.predump.agent.cli;

import dev.predump.agent.engine.LiveComparison;
import dev.predump.agent.engine.Target;
import dev.predump.agent.engine.Targets;
import dev.predump.image.ChainVerifier;
import dev.predump.image.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code predump verify}: structural check of a chain, optionally against the live target. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a chain: framing, ordering, parent coverage, pages-file lengths, checksums.",
      "With --against, stops the process briefly and compares every page the chain holds with",
      "live memory: the differing pages are what a final dump would still have to copy."
    })
final class VerifyCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "DIR",
      description = "A chain directory (follows latest) or one round directory.")
  Path dir;

  @Option(names = "--against", paramLabel = "PID", description = "Compare with this live process.")
  Integer against;

  @Option(
      names = "--against-cgroup",
      paramLabel = "PATH",
      description = "Compare with every process of this cgroup.")
  Path againstCgroup;

  @Option(
      names = "--stop-timeout",
      defaultValue = "5s",
      paramLabel = "DURATION",
      description =
          "Longest wait to stop the target for the comparison (default: ${DEFAULT-VALUE}).")
  Duration stopTimeout;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(dir)) {
      throw new java.io.IOException("no such chain: " + dir);
    }
    VerificationReport report = ChainVerifier.verify(dir);
    if (report.ok()) {
      System.out.println(
          "Chain " + dir + ": OK (" + report.levels().size() + " rounds, no problems" + ")");
    } else {
      System.out.println(report);
    }
    if (against != null || againstCgroup != null) {
      Privileges.requireRoot("verify --against");
      try (Target t = against != null ? Targets.process(against) : Targets.cgroup(againstCgroup)) {
        LiveComparison.Result r = LiveComparison.compare(dir, t, stopTimeout);
        System.out.printf(
            "Against %s: %d processes, %d pages compared, %d differ, %d live pages not in the"
                + " chain: a final dump would still copy %s%n",
            t.description(),
            r.processes(),
            r.pagesCompared(),
            r.pagesDiffering(),
            r.livePagesMissing(),
            Sizes.human(r.pagesToCopy() * 4096));
      }
    }
    return report.ok() ? 0 : 1;
  }
}
