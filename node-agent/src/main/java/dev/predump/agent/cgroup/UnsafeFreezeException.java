package dev.predump.agent.cgroup;

import java.io.IOException;

/** Freezing this cgroup could never be undone or would freeze nothing: it is refused. */
public final class UnsafeFreezeException extends IOException {

  private static final long serialVersionUID = 1L;

  public UnsafeFreezeException(String message) {
    super(message);
  }
}
