package dev.predump.agent.cgroup;

import java.io.IOException;

/** A cgroup did not freeze within its budget; it has been thawed again. */
public final class FreezeTimeoutException extends IOException {

  private static final long serialVersionUID = 1L;

  public FreezeTimeoutException(String message) {
    super(message);
  }
}
