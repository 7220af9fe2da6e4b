package dev.predump.api.v1alpha1;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The RFC 3339 time strings of the PreDump status, in UTC ({@code "2026-01-02T15:04:05Z"}). */
public final class Timestamps {

  private Timestamps() {}

  /**
   * Formats a time to whole seconds, like Kubernetes' metav1.Time: for conditions and the PreDump's
   * start and completion times.
   */
  public static String seconds(Instant time) {
    return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Formats a time to microseconds, like metav1.MicroTime: for round times and heartbeats, where
   * seconds are too coarse.
   */
  public static String micros(Instant time) {
    return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.MICROS));
  }

  /**
   * Parses an RFC 3339 time in UTC ({@code Z}) or with an offset.
   *
   * @throws IllegalArgumentException naming the bad input
   */
  public static Instant parse(String text) {
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("Invalid RFC 3339 time \"" + text + "\"", e);
    }
  }
}
