package dev.predump.agent.engine;

import dev.predump.image.WriteMode;
import java.time.Duration;

/**
 * How a pre-copy run proceeds.
 *
 * @param tracking requested tracker; AUTO resolves to soft-dirty or hash by a real probe
 * @param stopPolicy when to stop adding rounds
 * @param freezeBudget longest a round may keep the target stopped
 * @param interval pause between rounds
 * @param bandwidthBytesPerSecond cap on image writes, 0 for none
 * @param timeout the whole run; a round still running then is abandoned
 * @param bufferBytes the copy buffer, all of it: two halves, one filled while the other is written
 * @param writeMode how page data reaches the storage (O_DIRECT where it can by default)
 * @param realtimeWindow whether the freezing thread runs real-time while the target is frozen (see
 *     {@link dev.predump.agent.kernel.RealtimeWindow}); on by default
 */
public record DumpOptions(
    Tracking tracking,
    StopPolicy stopPolicy,
    Duration freezeBudget,
    Duration interval,
    long bandwidthBytesPerSecond,
    Duration timeout,
    int bufferBytes,
    WriteMode writeMode,
    boolean realtimeWindow) {

  /** 4 MiB: large merged iovecs without pinning memory beyond one buffer. */
  public static final int DEFAULT_BUFFER_BYTES = 4 << 20;

  public DumpOptions {
    if (freezeBudget.isNegative() || freezeBudget.isZero()) {
      throw new IllegalArgumentException("freeze budget must be positive");
    }
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (bufferBytes < 4096 || bufferBytes % 4096 != 0) {
      throw new IllegalArgumentException("buffer must be a positive multiple of 4096 bytes");
    }
    if (writeMode == null) {
      throw new IllegalArgumentException("write mode must be set");
    }
  }

  /** Options with the given write mode and a real-time frozen window. */
  public DumpOptions(
      Tracking tracking,
      StopPolicy stopPolicy,
      Duration freezeBudget,
      Duration interval,
      long bandwidthBytesPerSecond,
      Duration timeout,
      int bufferBytes,
      WriteMode writeMode) {
    this(
        tracking,
        stopPolicy,
        freezeBudget,
        interval,
        bandwidthBytesPerSecond,
        timeout,
        bufferBytes,
        writeMode,
        true);
  }

  /** Options with the default write mode, {@link WriteMode#DIRECT}, and a real-time window. */
  public DumpOptions(
      Tracking tracking,
      StopPolicy stopPolicy,
      Duration freezeBudget,
      Duration interval,
      long bandwidthBytesPerSecond,
      Duration timeout,
      int bufferBytes) {
    this(
        tracking,
        stopPolicy,
        freezeBudget,
        interval,
        bandwidthBytesPerSecond,
        timeout,
        bufferBytes,
        WriteMode.DIRECT);
  }

  /** These options writing in {@code mode}. */
  public DumpOptions withWriteMode(WriteMode mode) {
    return new DumpOptions(
        tracking,
        stopPolicy,
        freezeBudget,
        interval,
        bandwidthBytesPerSecond,
        timeout,
        bufferBytes,
        mode,
        realtimeWindow);
  }

  /** These options with the frozen window real-time or not. */
  public DumpOptions withRealtimeWindow(boolean realtime) {
    return new DumpOptions(
        tracking,
        stopPolicy,
        freezeBudget,
        interval,
        bandwidthBytesPerSecond,
        timeout,
        bufferBytes,
        writeMode,
        realtime);
  }

  /**
   * The defaults of the PreDump API and the CLI: 8 rounds, converged below 64 MiB, not converging
   * past 20% growth, auto tracking, 100 ms freeze budget, 30 min timeout.
   */
  public static DumpOptions defaults() {
    return new DumpOptions(
        Tracking.AUTO,
        new StopPolicy(8, 64L << 20, 20),
        Duration.ofMillis(100),
        Duration.ZERO,
        0,
        Duration.ofMinutes(30),
        DEFAULT_BUFFER_BYTES);
  }
}
