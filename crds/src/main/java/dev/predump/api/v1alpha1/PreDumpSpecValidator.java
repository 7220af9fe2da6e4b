package dev.predump.api.v1alpha1;

import static dev.predump.api.v1alpha1.PreDumpRules.CONTAINERS_MAX_ITEMS;
import static dev.predump.api.v1alpha1.PreDumpRules.CONTAINER_NAME_MAX_LENGTH;
import static dev.predump.api.v1alpha1.PreDumpRules.MAX_GROWTH_PERCENT_MAX;
import static dev.predump.api.v1alpha1.PreDumpRules.POD_NAME_MAX_LENGTH;
import static dev.predump.api.v1alpha1.PreDumpRules.ROUNDS_MAX_MAX;
import static dev.predump.api.v1alpha1.PreDumpRules.ROUNDS_MAX_MIN;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks in Java what the CRD's OpenAPI constraints and CEL rules check in the API server, with the
 * same messages. The operator calls it because not every API server it meets enforces the CRD (the
 * fabric8 mock server evaluates neither schema nor CEL) and a wrong value would do harm on a node.
 * Fields left null count as defaulted, as the API server would have defaulted them.
 */
public final class PreDumpSpecValidator {

  /** One broken rule: the field's path from the object root and what is wrong. */
  public record Violation(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private static final Pattern SUBDOMAIN = Pattern.compile(PreDumpRules.DNS1123_SUBDOMAIN);
  private static final Pattern LABEL = Pattern.compile(PreDumpRules.DNS1123_LABEL);
  private static final Pattern UID = Pattern.compile(PreDumpRules.UID);

  private PreDumpSpecValidator() {}

  /** The rules a new spec breaks; empty when it is valid. */
  public static List<Violation> validate(PreDumpSpec spec) {
    List<Violation> out = new ArrayList<>();
    if (spec == null) {
      out.add(new Violation("spec", "spec is required"));
      return out;
    }
    checkPod(spec, out);
    checkContainers(spec.getContainers(), out);
    checkRounds(spec.getRounds(), out);
    checkDuration(
        "spec.freezeBudget",
        spec.getFreezeBudget(),
        PreDumpRules.FREEZE_BUDGET_MIN,
        PreDumpRules.FREEZE_BUDGET_MAX,
        PreDumpRules.FREEZE_BUDGET_RANGE,
        out);
    if (spec.getBandwidth() != null && spec.getBandwidth() < 0) {
      out.add(new Violation("spec.bandwidth", "must be 0 (unlimited) or more"));
    }
    Duration timeout =
        checkDuration(
            "spec.timeout",
            spec.getTimeout(),
            PreDumpRules.TIMEOUT_MIN,
            PreDumpRules.TIMEOUT_MAX,
            PreDumpRules.TIMEOUT_RANGE,
            out);
    Duration interval =
        spec.getRounds() == null ? null : parseOrNull(spec.getRounds().getInterval());
    if (interval != null && timeout != null && interval.compareTo(timeout) >= 0) {
      out.add(new Violation("spec", PreDumpRules.INTERVAL_BELOW_TIMEOUT));
    }
    RetentionPolicy retention = spec.getRetention();
    if (retention != null
        && retention.getTtlSecondsAfterFinished() != null
        && retention.getTtlSecondsAfterFinished() < 0) {
      out.add(new Violation("spec.retention.ttlSecondsAfterFinished", "must be 0 or more"));
    }
    return out;
  }

  /**
   * The rules an update from {@code old} to {@code updated} breaks: those of {@link #validate} and
   * the immutability of the target (podName, podUID, containers, tracking).
   */
  public static List<Violation> validateUpdate(PreDumpSpec old, PreDumpSpec updated) {
    List<Violation> out = validate(updated);
    if (old == null || updated == null) {
      return out;
    }
    if (!Objects.equals(old.getPodName(), updated.getPodName())) {
      out.add(new Violation("spec.podName", PreDumpRules.POD_NAME_IMMUTABLE));
    }
    if ((old.getPodUID() == null) != (updated.getPodUID() == null)) {
      out.add(new Violation("spec", PreDumpRules.POD_UID_PRESENCE));
    } else if (!Objects.equals(old.getPodUID(), updated.getPodUID())) {
      out.add(new Violation("spec.podUID", PreDumpRules.POD_UID_IMMUTABLE));
    }
    List<String> before = nonNull(old.getContainers());
    List<String> after = nonNull(updated.getContainers());
    if (before.isEmpty() != after.isEmpty()) {
      out.add(new Violation("spec", PreDumpRules.CONTAINERS_PRESENCE));
    } else if (!before.equals(after)) {
      out.add(new Violation("spec.containers", PreDumpRules.CONTAINERS_IMMUTABLE));
    }
    if (trackingOf(old) != trackingOf(updated)) {
      out.add(new Violation("spec.tracking", PreDumpRules.TRACKING_IMMUTABLE));
    }
    return out;
  }

  /** The violations as one line for a condition message or an Event. */
  public static String describe(List<Violation> violations) {
    return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }

  private static void checkPod(PreDumpSpec spec, List<Violation> out) {
    String name = spec.getPodName();
    if (name == null || name.isEmpty()) {
      out.add(new Violation("spec.podName", "podName is required"));
    } else if (name.length() > POD_NAME_MAX_LENGTH || !SUBDOMAIN.matcher(name).matches()) {
      out.add(
          new Violation(
              "spec.podName",
              "must be a pod name: lower-case letters, digits, '-' and '.', at most "
                  + POD_NAME_MAX_LENGTH
                  + " characters"));
    }
    String uid = spec.getPodUID();
    if (uid != null && !UID.matcher(uid).matches()) {
      out.add(
          new Violation(
              "spec.podUID",
              "must be a pod UID such as 0b4c3a2e-5f1d-4c1b-9a8e-2d3f4a5b6c7d (metadata.uid)"));
    }
  }

  private static void checkContainers(List<String> containers, List<Violation> out) {
    List<String> names = nonNull(containers);
    if (names.size() > CONTAINERS_MAX_ITEMS) {
      out.add(
          new Violation(
              "spec.containers", "must name at most " + CONTAINERS_MAX_ITEMS + " containers"));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null
          || name.isEmpty()
          || name.length() > CONTAINER_NAME_MAX_LENGTH
          || !LABEL.matcher(name).matches()) {
        out.add(
            new Violation(
                "spec.containers[" + i + "]",
                "must be a container name: lower-case letters, digits and '-', at most "
                    + CONTAINER_NAME_MAX_LENGTH
                    + " characters"));
      }
      if (name != null && !seen.add(name)) {
        out.add(new Violation("spec.containers", PreDumpRules.CONTAINERS_UNIQUE));
      }
    }
  }

  private static void checkRounds(RoundPolicy rounds, List<Violation> out) {
    if (rounds == null) {
      return;
    }
    Integer max = rounds.getMax();
    if (max != null && (max < ROUNDS_MAX_MIN || max > ROUNDS_MAX_MAX)) {
      out.add(
          new Violation(
              "spec.rounds.max", "must be between " + ROUNDS_MAX_MIN + " and " + ROUNDS_MAX_MAX));
    }
    checkDuration(
        "spec.rounds.interval",
        rounds.getInterval(),
        "0s",
        PreDumpRules.INTERVAL_MAX,
        PreDumpRules.INTERVAL_RANGE,
        out);
    if (rounds.getConvergeBelow() != null && rounds.getConvergeBelow() < 0) {
      out.add(new Violation("spec.rounds.convergeBelow", "must be 0 or more bytes"));
    }
    Integer growth = rounds.getMaxGrowthPercent();
    if (growth != null && (growth < 0 || growth > MAX_GROWTH_PERCENT_MAX)) {
      out.add(
          new Violation(
              "spec.rounds.maxGrowthPercent", "must be between 0 and " + MAX_GROWTH_PERCENT_MAX));
    }
  }

  /** Checks a duration field; returns its value when it parses, null otherwise or when unset. */
  private static Duration checkDuration(
      String field, String text, String min, String max, String rangeMessage, List<Violation> out) {
    if (text == null) {
      return null;
    }
    Duration value = parseOrNull(text);
    if (value == null || text.length() > PreDumpRules.DURATION_MAX_LENGTH) {
      out.add(
          new Violation(
              field,
              "must be a duration such as \"250ms\", \"5m\" or \"1h30m\", not \"" + text + "\""));
      return null;
    }
    if (value.compareTo(Durations.parse(min)) < 0 || value.compareTo(Durations.parse(max)) > 0) {
      out.add(new Violation(field, rangeMessage));
    }
    return value;
  }

  private static Duration parseOrNull(String text) {
    try {
      return text == null ? null : Durations.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static TrackingMode trackingOf(PreDumpSpec spec) {
    return spec.getTracking() == null ? TrackingMode.Auto : spec.getTracking();
  }

  private static List<String> nonNull(List<String> list) {
    return list == null ? List.of() : list;
  }
}
