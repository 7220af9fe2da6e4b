package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.api.v1alpha1.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Estimates what a final dump would copy, and how long it would take, if it were taken at the
 * agent's latest report. Pure; derived only from fields the agent wrote, so that the estimate (and
 * the status) changes only when the agent reports, never merely because time passed.
 *
 * <p>With {@code L} the latest round, {@code asOf} the later of {@code L.completionTime} and {@code
 * status.agentHeartbeatTime}, and {@code t = asOf - L.startTime} (a final dump copies what was
 * written since {@code L}'s freeze):
 *
 * <ul>
 *   <li>{@code bytes = L.dirtyBytesPerSecond * t}: L's dirty set scaled by the dirty rate over the
 *       time since its freeze; {@code L.dirtyBytes} when the rate or the times are missing (round 1
 *       has no rate);
 *   <li>capped at the first round's {@code dirtyBytes} (round 1 copies every present page, so
 *       nothing can dirty more than that);
 *   <li>{@code millis = bytes * 1000 / L.throughputBytesPerSecond + L.frozenTimeMicros / 1000}: the
 *       copy at the measured throughput plus one freeze; unknown without a throughput.
 * </ul>
 *
 * @param bytes estimated bytes, or null before the first round
 * @param millis estimated milliseconds, or null when unknown
 */
public record FinalDumpEstimate(Long bytes, Long millis) {

  /** No rounds, no estimate. */
  public static final FinalDumpEstimate NONE = new FinalDumpEstimate(null, null);

  /** The estimate for the rounds in {@code status}. */
  public static FinalDumpEstimate of(PreDumpStatus status) {
    List<RoundStatus> rounds = status == null ? List.of() : status.getRounds();
    if (rounds.isEmpty()) {
      return NONE;
    }
    RoundStatus last = rounds.get(rounds.size() - 1);
    Long bytes = scaled(last, status.getAgentHeartbeatTime());
    if (bytes == null) {
      return NONE;
    }
    Long firstDirty = rounds.get(0).getDirtyBytes();
    if (firstDirty != null && firstDirty > 0) {
      bytes = Math.min(bytes, firstDirty);
    }
    return new FinalDumpEstimate(bytes, millis(bytes, last));
  }

  private static Long scaled(RoundStatus last, String heartbeat) {
    Long rate = last.getDirtyBytesPerSecond();
    Instant start = parseOrNull(last.getStartTime());
    Instant asOf = later(parseOrNull(last.getCompletionTime()), parseOrNull(heartbeat));
    if (rate == null || start == null || asOf == null || asOf.isBefore(start)) {
      return last.getDirtyBytes();
    }
    long micros = Duration.between(start, asOf).toNanos() / 1_000L;
    return saturatedMultiply(rate, micros) / 1_000_000L;
  }

  private static Long millis(long bytes, RoundStatus last) {
    Long throughput = last.getThroughputBytesPerSecond();
    if (throughput == null || throughput <= 0) {
      return null;
    }
    long copy = saturatedMultiply(bytes, 1_000L) / throughput;
    long frozen = last.getFrozenTimeMicros() == null ? 0 : last.getFrozenTimeMicros() / 1_000L;
    return copy + frozen;
  }

  private static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static Instant parseOrNull(String time) {
    if (time == null) {
      return null;
    }
    try {
      return Timestamps.parse(time);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
