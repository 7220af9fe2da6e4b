package dev.predump.agent.engine;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Decides after each round whether another round is worth it; the same rule as the PreDump API's
 * {@code spec.rounds} describes.
 *
 * <p>Round 1 copies everything, so its size says nothing about the dirty rate: convergence is
 * judged from round 2 on, and "not converging" needs two dirty rounds to compare. The first rule
 * that applies wins: converged, not converging, maximum rounds.
 *
 * @param maxRounds rounds at most, at least 1
 * @param convergeBelowBytes converged once a round after the first writes fewer bytes than this
 * @param maxGrowthPercent not converging once a round (the third or later) writes more than this
 *     percentage above the round before it; 0 stops at any growth, a negative value never
 */
public record StopPolicy(int maxRounds, long convergeBelowBytes, int maxGrowthPercent) {

  public StopPolicy {
    if (maxRounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + maxRounds);
    }
    if (convergeBelowBytes < 0) {
      throw new IllegalArgumentException("converge-below must not be negative");
    }
  }

  /**
   * The reason to stop after round {@code round}, given the bytes that round and the one before it
   * wrote; empty to go on.
   */
  public Optional<StopReason> afterRound(int round, long dirtyBytes, long previousDirtyBytes) {
    if (round >= 2 && dirtyBytes < convergeBelowBytes) {
      return Optional.of(StopReason.CONVERGED);
    }
    if (round >= 3 && maxGrowthPercent >= 0 && grew(previousDirtyBytes, dirtyBytes)) {
      return Optional.of(StopReason.NOT_CONVERGING);
    }
    if (round >= maxRounds) {
      return Optional.of(StopReason.MAX_ROUNDS);
    }
    return Optional.empty();
  }

  /** {@code current > previous * (100 + maxGrowthPercent) / 100}, without overflow. */
  private boolean grew(long previous, long current) {
    return BigInteger.valueOf(current)
            .multiply(BigInteger.valueOf(100))
            .compareTo(
                BigInteger.valueOf(previous).multiply(BigInteger.valueOf(100L + maxGrowthPercent)))
        > 0;
  }
}
