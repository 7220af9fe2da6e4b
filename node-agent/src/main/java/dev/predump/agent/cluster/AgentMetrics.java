package dev.predump.agent.cluster;

import dev.predump.agent.engine.RoundStats;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** The agent's counters, rendered in the Prometheus text format (version 0.0.4). */
public final class AgentMetrics {
  /**
   * Upper bounds of the frozen-time buckets, seconds: fine around the usual 1–5 ms, up to and past
   * the 100 ms default budget. The operator's predump_round_frozen_seconds uses the same bounds.
   */
  static final double[] FROZEN_BUCKETS = {
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 5
  };

  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong running = new AtomicLong();
  private final AtomicLongArray frozenBuckets = new AtomicLongArray(FROZEN_BUCKETS.length);
  private final AtomicLong frozenCount = new AtomicLong();
  private final AtomicLong frozenMicrosSum = new AtomicLong();

  /** Counts a completed round. */
  public void roundCompleted(RoundStats s) {
    rounds.incrementAndGet();
    bytesWritten.addAndGet(s.bytesWritten());
    double seconds = s.frozenTime() / 1e6;
    for (int i = 0; i < FROZEN_BUCKETS.length; i++) {
      if (seconds <= FROZEN_BUCKETS[i]) {
        frozenBuckets.incrementAndGet(i);
      }
    }
    frozenCount.incrementAndGet();
    frozenMicrosSum.addAndGet(s.frozenTime());
  }

  /** A PreDump started running on this node. */
  public void started() {
    running.incrementAndGet();
  }

  /** A PreDump stopped running on this node. */
  public void finished() {
    running.decrementAndGet();
  }

  /** Rounds completed since start. */
  public long rounds() {
    return rounds.get();
  }

  /** The exposition text. */
  public String render() {
    StringBuilder b = new StringBuilder();
    counter(b, "predump_agent_rounds_total", "Rounds completed by this agent.", rounds.get());
    counter(
        b,
        "predump_agent_bytes_written_total",
        "Image bytes written by this agent.",
        bytesWritten.get());
    b.append("# HELP predump_agent_running_predumps PreDumps running on this node.\n")
        .append("# TYPE predump_agent_running_predumps gauge\n")
        .append("predump_agent_running_predumps ")
        .append(running.get())
        .append('\n');
    String h = "predump_agent_frozen_seconds";
    b.append("# HELP ")
        .append(h)
        .append(" How long each round kept its target frozen.\n")
        .append("# TYPE ")
        .append(h)
        .append(" histogram\n");
    for (int i = 0; i < FROZEN_BUCKETS.length; i++) {
      b.append(h)
          .append("_bucket{le=\"")
          .append(FROZEN_BUCKETS[i])
          .append("\"} ")
          .append(frozenBuckets.get(i))
          .append('\n');
    }
    b.append(h).append("_bucket{le=\"+Inf\"} ").append(frozenCount.get()).append('\n');
    b.append(h).append("_sum ").append(frozenMicrosSum.get() / 1e6).append('\n');
    b.append(h).append("_count ").append(frozenCount.get()).append('\n');
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help, long value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
    b.append(name).append(' ').append(value).append('\n');
  }
}
