package dev.predump.agent.engine;

import java.io.IOException;

/** A round was abandoned because the run was cancelled or timed out; earlier rounds stand. */
public final class RunStoppedException extends IOException {
  private final StopReason reason;

  public RunStoppedException(StopReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public StopReason reason() {
    return reason;
  }
}
