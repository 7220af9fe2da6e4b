package dev.predump.agent.engine;

import java.io.IOException;
import java.time.Duration;

/** The target stayed stopped past the round's freeze budget: the round was abandoned. */
public final class FreezeBudgetExceededException extends IOException {
  public FreezeBudgetExceededException(int round, Duration budget, long frozenMicros) {
    super(
        String.format(
            "round %d abandoned: the target was stopped %.1f ms, over the freeze budget of %d ms"
                + " (it was thawed at once)",
            round, frozenMicros / 1000.0, budget.toMillis()));
  }
}
