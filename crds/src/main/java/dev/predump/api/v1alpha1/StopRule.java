package dev.predump.api.v1alpha1;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The stop rule of {@code spec.rounds}, as its field descriptions state it: after each round, it
 * says whether the rounds stop and why. The agent applies it after every round; the operator can
 * use it to explain the outcome. Pure.
 */
public final class StopRule {

  private StopRule() {}

  /**
   * Whether to stop after the last of {@code dirtyBytes}, and why.
   *
   * <ol>
   *   <li>Converged: that round (the second or later) dirtied fewer than {@code convergeBelow}
   *       bytes ({@code convergeBelow} 0 never converges early).
   *   <li>NotConverging: that round (the third or later) dirtied more than {@code maxGrowthPercent}
   *       percent more bytes than the round before it.
   *   <li>MaxRoundsReached: that round was round {@code max}.
   * </ol>
   *
   * The first that applies wins.
   *
   * @param policy the spec's round policy; null fields take their defaults
   * @param dirtyBytes {@code dirtyBytes} of every completed round, oldest first
   * @return the reason to stop, or empty to run another round
   */
  public static Optional<PreDumpReason> decide(RoundPolicy policy, List<Long> dirtyBytes) {
    int rounds = dirtyBytes.size();
    if (rounds == 0) {
      return Optional.empty();
    }
    RoundPolicy defaults = new RoundPolicy();
    RoundPolicy p = policy == null ? defaults : policy;
    long convergeBelow = orDefault(p.getConvergeBelow(), defaults.getConvergeBelow());
    int growthPercent = orDefault(p.getMaxGrowthPercent(), defaults.getMaxGrowthPercent());
    int max = orDefault(p.getMax(), defaults.getMax());

    long last = dirtyBytes.get(rounds - 1);
    if (rounds >= 2 && last < convergeBelow) {
      return Optional.of(PreDumpReason.Converged);
    }
    if (rounds >= 3 && grewTooMuch(dirtyBytes.get(rounds - 2), last, growthPercent)) {
      return Optional.of(PreDumpReason.NotConverging);
    }
    if (rounds >= max) {
      return Optional.of(PreDumpReason.MaxRoundsReached);
    }
    return Optional.empty();
  }

  /** {@code current > previous * (100 + percent) / 100}, without overflow. */
  static boolean grewTooMuch(long previous, long current, int percent) {
    BigInteger limit = BigInteger.valueOf(previous).multiply(BigInteger.valueOf(100L + percent));
    return BigInteger.valueOf(current).multiply(BigInteger.valueOf(100)).compareTo(limit) > 0;
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
