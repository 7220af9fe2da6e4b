package dev.predump.agent.engine;

import java.io.InterruptedIOException;

/**
 * Caps the rate of image writes with a token bucket of one second's worth of bytes, so a large
 * pre-copy does not starve the node's storage. Zero means unlimited.
 */
public final class Throttle {
  private final long bytesPerSecond;
  private long available;
  private long lastRefill = System.nanoTime();

  public Throttle(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bandwidth must not be negative");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.available = bytesPerSecond;
  }

  /** Unlimited. */
  public static Throttle none() {
    return new Throttle(0);
  }

  /** Blocks until {@code bytes} may be written. */
  public void acquire(long bytes) throws InterruptedIOException {
    if (bytesPerSecond == 0) {
      return;
    }
    refill();
    available -= bytes;
    if (available >= 0) {
      return;
    }
    long waitNanos = (-available) * 1_000_000_000L / bytesPerSecond;
    try {
      Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while throttling image writes");
    }
    refill();
  }

  private void refill() {
    long now = System.nanoTime();
    long earned = (now - lastRefill) * bytesPerSecond / 1_000_000_000L;
    if (earned > 0) {
      available = Math.min(bytesPerSecond, available + earned);
      lastRefill = now;
    }
  }
}
