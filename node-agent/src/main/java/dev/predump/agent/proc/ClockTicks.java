package dev.predump.agent.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** USER_HZ: the unit of the tick counts in {@code /proc/PID/stat}. */
public final class ClockTicks {

  // USER_HZ is 100 on every architecture Linux builds containers for (x86, arm64, ppc64le,
  // s390x); the kernel also tells each process in its auxiliary vector (AT_CLKTCK), which is what
  // getconf CLK_TCK reports. Reading auxv needs no native call, so we check rather than assume.
  private static final long DEFAULT = 100;
  private static final long AT_NULL = 0;
  private static final long AT_CLKTCK = 17;

  private static final long PER_SECOND = fromAuxv(Path.of("/proc/self/auxv"));

  private ClockTicks() {}

  /** Clock ticks per second. */
  public static long perSecond() {
    return PER_SECOND;
  }

  /** AT_CLKTCK from an auxv file of 64-bit (type, value) pairs; 100 when it cannot be read. */
  static long fromAuxv(Path auxv) {
    try {
      ByteBuffer pairs = ByteBuffer.wrap(Files.readAllBytes(auxv)).order(ByteOrder.nativeOrder());
      while (pairs.remaining() >= 16) {
        long type = pairs.getLong();
        long value = pairs.getLong();
        if (type == AT_NULL) {
          break;
        }
        if (type == AT_CLKTCK && value > 0) {
          return value;
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc or an unexpected layout: the universal value.
    }
    return DEFAULT;
  }
}
