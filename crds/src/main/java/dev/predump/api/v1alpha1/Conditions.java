package dev.predump.api.v1alpha1;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds and updates PreDump conditions: the one place that decides {@code lastTransitionTime}. A
 * condition keeps its transition time while its status stays the same, even when its reason,
 * message or generation change. Pure: inputs are never modified.
 */
public final class Conditions {

  private Conditions() {}

  /**
   * Returns {@code current} with the condition of {@code type} set as given: replaced in place if
   * present, appended otherwise. Returns a list equal to {@code current} when nothing changed, so
   * callers can skip the status patch.
   *
   * @param current the conditions now, possibly null
   * @param now the time to record if the status changes
   */
  public static List<Condition> set(
      List<Condition> current,
      String type,
      ConditionStatus status,
      PreDumpReason reason,
      String message,
      long observedGeneration,
      Instant now) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    List<Condition> result = new ArrayList<>();
    boolean found = false;
    for (Condition c : current == null ? List.<Condition>of() : current) {
      if (type.equals(c.getType()) && !found) {
        found = true;
        String since =
            status == c.getStatus() && c.getLastTransitionTime() != null
                ? c.getLastTransitionTime()
                : Timestamps.seconds(now);
        result.add(new Condition(type, status, reason.name(), message, since, observedGeneration));
      } else if (!type.equals(c.getType())) {
        result.add(copy(c));
      }
    }
    if (!found) {
      result.add(
          new Condition(
              type, status, reason.name(), message, Timestamps.seconds(now), observedGeneration));
    }
    return result;
  }

  /** The condition of {@code type}, if present. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Whether the condition of {@code type} is present with status True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> c.getStatus() == ConditionStatus.True).orElse(false);
  }

  /** The status of the condition of {@code type}, Unknown when absent. */
  public static ConditionStatus statusOf(List<Condition> conditions, String type) {
    return find(conditions, type).map(Condition::getStatus).orElse(ConditionStatus.Unknown);
  }

  private static Condition copy(Condition c) {
    return new Condition(
        c.getType(),
        c.getStatus(),
        c.getReason(),
        c.getMessage(),
        c.getLastTransitionTime(),
        c.getObservedGeneration());
  }
}
