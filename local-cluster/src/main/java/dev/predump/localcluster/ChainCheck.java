package dev.predump.localcluster;

import dev.predump.agent.cli.Sizes;
import dev.predump.agent.engine.LiveComparison;
import dev.predump.agent.engine.Target;
import dev.predump.agent.engine.Targets;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.image.ChainVerifier;
import dev.predump.image.VerificationReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the demo checks after a PreDump succeeded: the chain verifies, it matches the live workload
 * (up to what changed since the last round), the workload is not frozen and its memory is intact.
 */
final class ChainCheck {
  private ChainCheck() {}

  /**
   * Prints each check's result.
   *
   * @return null when all passed, else why not (one line)
   */
  static String run(Path chain, Workload workload, PreDumpStatus status, PrintStream out)
      throws IOException {
    VerificationReport report = ChainVerifier.verify(chain);
    if (!report.ok()) {
      out.println("Chain has problems:\n" + report);
      return "the chain " + chain + " did not verify";
    }
    out.println("Chain verified: " + report.levels().size() + " rounds, no problems.");
    LiveComparison.Result live;
    try (Target target = Targets.cgroup(workload.cgroup())) {
      live = LiveComparison.compare(chain, target, Duration.ofSeconds(5));
    }
    int lastRound = status.getLatestRound() == null ? 0 : status.getLatestRound();
    RoundStatus first = status.getRounds().isEmpty() ? null : status.getRounds().get(0);
    out.printf(
        "Against the live workload: %d pages compared, %d changed and %d new since round %d: a"
            + " final dump would copy %s instead of %s.%n",
        live.pagesCompared(),
        live.pagesDiffering(),
        live.livePagesMissing(),
        lastRound,
        Sizes.human(live.pagesToCopy() * 4096),
        Sizes.human(
            first == null || first.getBytesWritten() == null ? 0 : first.getBytesWritten()));
    if (live.processes() < 1 || live.pagesCompared() == 0) {
      return "the live comparison found nothing to compare";
    }
    boolean frozen = workload.isFrozen();
    boolean intact = workload.process().check();
    long maxFrozen =
        status.getRounds().stream()
            .mapToLong(r -> r.getFrozenTimeMicros() == null ? 0 : r.getFrozenTimeMicros())
            .max()
            .orElse(0);
    out.printf(
        "The workload was frozen at most %.2f ms per round; now %s; its self-check: %s.%n",
        maxFrozen / 1000.0, frozen ? "FROZEN" : "running", intact ? "intact" : "CORRUPTED");
    if (frozen) {
      return "the workload was left frozen";
    }
    if (!intact) {
      return "the workload's memory was corrupted";
    }
    return null;
  }
}
