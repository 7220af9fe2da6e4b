package dev.predump.operator;

import java.util.Locale;

/** Human-readable sizes, rates and times for condition messages and Events. */
final class Units {

  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Units() {}

  /** {@code 12582912} → {@code "12.0 MiB"}; null → {@code "?"}. */
  static String bytes(Long bytes) {
    if (bytes == null) {
      return "?";
    }
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < BINARY.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, BINARY[unit]);
  }

  /** Microseconds as milliseconds with one decimal: {@code 4200} → {@code "4.2ms"}. */
  static String micros(Long micros) {
    return micros == null ? "?" : String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
  }
}
