package dev.predump.agent.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * How a pre-copy run ended.
 *
 * @param chainDir where the rounds are
 * @param tracking the tracker actually used (AUTO resolved)
 * @param rounds every completed round, in order
 * @param reason why it stopped
 * @param message a sentence for people; names the failure when the run did not end normally
 * @param failed true when the run ended on an error (freeze budget, target exit before any round),
 *     not on its stop policy
 */
public record RunResult(
    Path chainDir,
    Tracking tracking,
    List<RoundStats> rounds,
    StopReason reason,
    String message,
    boolean failed) {

  /** The last completed round, or 0. */
  public int latestRound() {
    return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).round();
  }
}
