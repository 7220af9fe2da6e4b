package dev.predump.api.v1alpha1;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;

/**
 * Reads and writes the duration strings of the PreDump API ({@code "250ms"}, {@code "5m"}, {@code
 * "1h30m"}, {@code "1.5s"}): a sequence of decimal numbers, each with a unit out of {@code ns, us,
 * ms, s, m, h}, as Go's {@code time.ParseDuration} and CEL's {@code duration()} read them. Negative
 * durations, a missing unit and {@code µs} are rejected, as by the CRD's pattern {@link
 * PreDumpRules#DURATION}.
 */
public final class Durations {

  private static final java.util.regex.Pattern WHOLE =
      java.util.regex.Pattern.compile(PreDumpRules.DURATION);
  private static final java.util.regex.Pattern PART =
      java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)");
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private Durations() {}

  /**
   * Parses a duration string.
   *
   * @throws IllegalArgumentException with a message that quotes the input and shows valid forms,
   *     when the string is not a duration or exceeds Go's range (about 292 years)
   */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "Invalid duration \""
              + text
              + "\": expected numbers with units ns, us, ms, s, m or h, such as \"250ms\", \"5m\""
              + " or \"1h30m\"");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(nanosPerUnit(part.group(2))));
    }
    // Go truncates fractions of a nanosecond; so do we.
    nanos = nanos.setScale(0, RoundingMode.DOWN);
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException("Invalid duration \"" + text + "\": too long");
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  /** Whether {@link #parse} accepts the string. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Formats a non-negative duration the way Go's {@code Duration.String()} does for whole units:
   * {@code "0s"}, {@code "250ms"}, {@code "1h30m0s"}, {@code "1.5s"}. The result parses back to the
   * same duration.
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("Negative duration " + duration);
    }
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000L) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000L) {
      return decimal(nanos, 1_000L) + "us";
    }
    if (nanos < 1_000_000_000L) {
      return decimal(nanos, 1_000_000L) + "ms";
    }
    long hours = duration.toHours();
    long minutes = duration.toMinutesPart();
    String seconds = decimal(nanos % 60_000_000_000L, 1_000_000_000L) + "s";
    if (hours > 0) {
      return hours + "h" + minutes + "m" + seconds;
    }
    if (minutes > 0) {
      return minutes + "m" + seconds;
    }
    return seconds;
  }

  private static String decimal(long nanos, long unit) {
    return BigDecimal.valueOf(nanos)
        .divide(BigDecimal.valueOf(unit))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static BigDecimal nanosPerUnit(String unit) {
    return switch (unit) {
      case "ns" -> BigDecimal.ONE;
      case "us" -> BigDecimal.valueOf(1_000L);
      case "ms" -> BigDecimal.valueOf(1_000_000L);
      case "s" -> BigDecimal.valueOf(1_000_000_000L);
      case "m" -> BigDecimal.valueOf(60_000_000_000L);
      case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
      default -> throw new IllegalArgumentException("Unknown duration unit " + unit);
    };
  }
}
