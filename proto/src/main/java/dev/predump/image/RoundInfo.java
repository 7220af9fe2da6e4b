package dev.predump.image;

import dev.predump.image.proto.SourceIdentity;
import java.util.OptionalInt;

/**
 * What a round is, before any page is written.
 *
 * @param round round number within the chain, 1 for the first
 * @param parentRound the round this one builds on ({@code PE_PARENT} entries resolve there), empty
 *     for a round that stands alone
 * @param tracker dirty tracker that chose the pages: full, hash, soft-dirty
 * @param dumpUptimeMicros microseconds since boot, taken while the target was frozen; becomes
 *     inventory's {@code dump_uptime}, without which a later CRIU dump aborts
 * @param source what was dumped; null means unknown
 */
public record RoundInfo(
    int round,
    OptionalInt parentRound,
    String tracker,
    long dumpUptimeMicros,
    SourceIdentity source) {

  public RoundInfo {
    if (round < 1) {
      throw new IllegalArgumentException("Round number must be at least 1, got " + round);
    }
    if (parentRound == null) {
      parentRound = OptionalInt.empty();
    }
    if (parentRound.isPresent()
        && (parentRound.getAsInt() < 1 || parentRound.getAsInt() >= round)) {
      throw new IllegalArgumentException(
          "Parent of round " + round + " must be an earlier round, got " + parentRound.getAsInt());
    }
    if (tracker == null || tracker.isBlank()) {
      throw new IllegalArgumentException("Round " + round + " needs the name of its dirty tracker");
    }
    if (dumpUptimeMicros < 0) {
      throw new IllegalArgumentException(
          "Round " + round + ": dump uptime must not be negative, got " + dumpUptimeMicros);
    }
    if (source == null) {
      source = SourceIdentity.getDefaultInstance();
    }
  }

  /** A first round, or any round that does not build on another. */
  public static RoundInfo standalone(
      int round, String tracker, long dumpUptimeMicros, SourceIdentity source) {
    return new RoundInfo(round, OptionalInt.empty(), tracker, dumpUptimeMicros, source);
  }

  /** A round whose {@code PE_PARENT} entries resolve in {@code parentRound}. */
  public static RoundInfo withParent(
      int round, int parentRound, String tracker, long dumpUptimeMicros, SourceIdentity source) {
    return new RoundInfo(round, OptionalInt.of(parentRound), tracker, dumpUptimeMicros, source);
  }
}
