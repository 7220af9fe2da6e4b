package dev.predump.localcluster;

import dev.predump.agent.cli.Sizes;
import dev.predump.api.v1alpha1.AgentOutcome;
import dev.predump.api.v1alpha1.Condition;
import dev.predump.api.v1alpha1.ConditionType;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundStatus;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints a PreDump's status as it changes: a line per change of phase or Ready reason and a table
 * row per round that appears in {@code status.rounds}, then the final status.
 */
final class StatusTable {
  private final PrintStream out;
  private String lastState;
  private int roundsPrinted;
  private boolean headerPrinted;

  StatusTable(PrintStream out) {
    this.out = out;
  }

  /** Prints what changed since the previous call. */
  void update(PreDump pd) {
    PreDumpStatus s = pd.getStatus();
    if (s == null) {
      return;
    }
    for (RoundStatus r : s.getRounds()) {
      if (r.getRound() != null && r.getRound() > roundsPrinted) {
        printRound(r);
        roundsPrinted = r.getRound();
      }
    }
    String reason = readyReason(s);
    // The message changes with every round, which the table shows already.
    String state = s.getPhase() + "/" + reason;
    if (s.getPhase() != null && !Objects.equals(state, lastState)) {
      lastState = state;
      out.println(
          "Phase "
              + s.getPhase()
              + (reason == null ? "" : " (" + reason + ")")
              + (s.getMessage() == null ? "" : ": " + s.getMessage()));
    }
    out.flush();
  }

  private void printRound(RoundStatus r) {
    if (!headerPrinted) {
      out.printf(
          "%5s  %-9s  %9s  %9s  %9s  %9s  %10s  %9s  %10s%n",
          "round",
          "tracker",
          "frozen ms",
          "copy ms",
          "dirty",
          "written",
          "in parent",
          "bytes",
          "MiB/s");
      headerPrinted = true;
    }
    out.printf(
        Locale.ROOT,
        "%5d  %-9s  %9.2f  %9.1f  %9d  %9d  %10d  %9s  %10.0f%n",
        r.getRound(),
        r.getTracker(),
        n(r.getFrozenTimeMicros()) / 1000.0,
        n(r.getMemwriteTimeMicros()) / 1000.0,
        n(r.getPagesDirty()),
        n(r.getPagesWritten()),
        n(r.getPagesSkippedParent()),
        Sizes.human(n(r.getBytesWritten())),
        n(r.getThroughputBytesPerSecond()) / 1048576.0);
  }

  /** The final status, for a person. */
  void printFinal(PreDump pd) {
    PreDumpStatus s = pd.getStatus();
    out.println("Final status of PreDump " + LocalCluster.NS + "/" + pd.getMetadata().getName());
    out.println("  phase:      " + s.getPhase() + " (" + readyReason(s) + ")");
    if (s.getMessage() != null) {
      out.println("  message:    " + s.getMessage());
    }
    AgentOutcome o = s.getAgentOutcome();
    if (o != null) {
      out.println(
          "  agent:      "
              + o.getResult()
              + ", "
              + o.getReason()
              + (o.getMessage() == null ? "" : ": " + o.getMessage()));
    }
    if (s.getNodeName() != null) {
      out.println("  node:       " + s.getNodeName());
    }
    out.println("  rounds:     " + s.getRounds().size());
    if (s.getImagePath() != null) {
      out.println("  image:      " + s.getImagePath());
    }
    if (s.getEstimatedFinalDumpBytes() != null) {
      out.println(
          "  final dump: about "
              + Sizes.human(s.getEstimatedFinalDumpBytes())
              + (s.getEstimatedFinalDumpMillis() == null
                  ? ""
                  : " in about " + s.getEstimatedFinalDumpMillis() + " ms")
              + " (estimate)");
    }
    out.flush();
  }

  /** The reason of the Ready condition, or null. */
  static String readyReason(PreDumpStatus s) {
    for (Condition c : s.getConditions()) {
      if (ConditionType.READY.equals(c.getType())) {
        return c.getReason();
      }
    }
    return null;
  }

  private static long n(Long v) {
    return v == null ? 0 : v;
  }
}
