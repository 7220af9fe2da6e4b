package dev.predump.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.api.v1alpha1.PreDumpSpecValidator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreDumpSpecValidatorTest {

  @Test
  void defaultsWithAPodAreValid() {
    assertThat(PreDumpSpecValidator.validate(spec(s -> {}))).isEmpty();
  }

  @Test
  void nullFieldsCountAsDefaulted() {
    PreDumpSpec spec = spec(s -> {});
    spec.setRounds(null);
    spec.setTracking(null);
    spec.setFreezeBudget(null);
    spec.setBandwidth(null);
    spec.setTimeout(null);
    spec.setRetention(null);
    spec.setContainers(null);
    assertThat(PreDumpSpecValidator.validate(spec)).isEmpty();
  }

  @Test
  void specIsRequired() {
    assertThat(PreDumpSpecValidator.validate(null))
        .containsExactly(new Violation("spec", "spec is required"));
  }

  @Test
  void podNameIsRequired() {
    assertViolation(s -> s.setPodName(null), "spec.podName", "podName is required");
    assertViolation(s -> s.setPodName(""), "spec.podName", "podName is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Web-0", "web_0", "-web", "web-", "web..0", "wéb"})
  void podNameMustBeADnsSubdomain(String name) {
    assertViolation(s -> s.setPodName(name), "spec.podName", "must be a pod name");
  }

  @Test
  void podNameAtMost253Characters() {
    assertThat(PreDumpSpecValidator.validate(spec(s -> s.setPodName("a".repeat(253))))).isEmpty();
    assertViolation(s -> s.setPodName("a".repeat(254)), "spec.podName", "at most 253");
  }

  @Test
  void podUidMustBeAUid() {
    assertThat(
            PreDumpSpecValidator.validate(
                spec(s -> s.setPodUID("3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b"))))
        .isEmpty();
    assertViolation(s -> s.setPodUID("not-a-uid"), "spec.podUID", "must be a pod UID");
    assertViolation(
        s -> s.setPodUID("3F1C2A9E-8B7D-4E6F-9A0B-1C2D3E4F5A6B"), "spec.podUID", "pod UID");
  }

  @Test
  void containerNamesMustBeDnsLabels() {
    assertViolation(
        s -> s.setContainers(List.of("ok", "Not_OK")), "spec.containers[1]", "container name");
    assertViolation(
        s -> s.setContainers(List.of("a".repeat(64))), "spec.containers[0]", "at most 63");
    assertViolation(s -> s.setContainers(List.of("")), "spec.containers[0]", "container name");
  }

  @Test
  void containersMustNotRepeat() {
    assertViolation(
        s -> s.setContainers(List.of("app", "sidecar", "app")),
        "spec.containers",
        PreDumpRules.CONTAINERS_UNIQUE);
  }

  @Test
  void atMost64Containers() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      names.add("c" + i);
    }
    assertViolation(s -> s.setContainers(names), "spec.containers", "at most 64");
    assertThat(PreDumpSpecValidator.validate(spec(s -> s.setContainers(names.subList(0, 64)))))
        .isEmpty();
  }

  @Test
  void roundsMaxBetween1And100() {
    assertViolation(s -> s.getRounds().setMax(0), "spec.rounds.max", "between 1 and 100");
    assertViolation(s -> s.getRounds().setMax(101), "spec.rounds.max", "between 1 and 100");
    assertThat(PreDumpSpecValidator.validate(spec(s -> s.getRounds().setMax(1)))).isEmpty();
    assertThat(PreDumpSpecValidator.validate(spec(s -> s.getRounds().setMax(100)))).isEmpty();
  }

  @Test
  void intervalIsADurationOfAtMostAnHour() {
    assertViolation(s -> s.getRounds().setInterval("2"), "spec.rounds.interval", "a duration");
    assertViolation(
        s -> {
          s.getRounds().setInterval("61m");
          s.setTimeout("2h");
        },
        "spec.rounds.interval",
        PreDumpRules.INTERVAL_RANGE);
    assertThat(
            PreDumpSpecValidator.validate(
                spec(
                    s -> {
                      s.getRounds().setInterval("1h");
                      s.setTimeout("2h");
                    })))
        .isEmpty();
  }

  @Test
  void intervalShorterThanTimeout() {
    assertViolation(
        s -> {
          s.getRounds().setInterval("30s");
          s.setTimeout("30s");
        },
        "spec",
        PreDumpRules.INTERVAL_BELOW_TIMEOUT);
  }

  @Test
  void convergeBelowAndGrowthBounds() {
    assertViolation(
        s -> s.getRounds().setConvergeBelow(-1L), "spec.rounds.convergeBelow", "0 or more");
    assertViolation(
        s -> s.getRounds().setMaxGrowthPercent(-1), "spec.rounds.maxGrowthPercent", "between 0");
    assertViolation(
        s -> s.getRounds().setMaxGrowthPercent(1001), "spec.rounds.maxGrowthPercent", "1000");
    assertThat(PreDumpSpecValidator.validate(spec(s -> s.getRounds().setConvergeBelow(0L))))
        .isEmpty();
  }

  @Test
  void freezeBudgetBetween1msAnd5s() {
    assertViolation(
        s -> s.setFreezeBudget("999us"), "spec.freezeBudget", PreDumpRules.FREEZE_BUDGET_RANGE);
    assertViolation(
        s -> s.setFreezeBudget("5001ms"), "spec.freezeBudget", PreDumpRules.FREEZE_BUDGET_RANGE);
    assertViolation(s -> s.setFreezeBudget("fast"), "spec.freezeBudget", "a duration");
    assertViolation(s -> s.setFreezeBudget("1ms".repeat(11)), "spec.freezeBudget", "a duration");
    assertThat(PreDumpSpecValidator.validate(spec(s -> s.setFreezeBudget("1ms")))).isEmpty();
    assertThat(PreDumpSpecValidator.validate(spec(s -> s.setFreezeBudget("5s")))).isEmpty();
  }

  @Test
  void timeoutBetween10sAnd24h() {
    assertViolation(s -> s.setTimeout("9s"), "spec.timeout", PreDumpRules.TIMEOUT_RANGE);
    assertViolation(s -> s.setTimeout("24h1s"), "spec.timeout", PreDumpRules.TIMEOUT_RANGE);
    assertViolation(s -> s.setTimeout("-1h"), "spec.timeout", "a duration");
    assertThat(PreDumpSpecValidator.validate(spec(s -> s.setTimeout("24h")))).isEmpty();
  }

  @Test
  void bandwidthAndTtlNotNegative() {
    assertViolation(s -> s.setBandwidth(-1L), "spec.bandwidth", "0 (unlimited) or more");
    assertViolation(
        s -> s.getRetention().setTtlSecondsAfterFinished(-1),
        "spec.retention.ttlSecondsAfterFinished",
        "0 or more");
  }

  @Test
  void reportsEveryViolationAtOnce() {
    List<Violation> violations =
        PreDumpSpecValidator.validate(
            spec(
                s -> {
                  s.setPodName("Bad");
                  s.setTimeout("1s");
                  s.getRounds().setMax(0);
                }));
    assertThat(violations)
        .extracting(Violation::field)
        .containsExactly("spec.podName", "spec.rounds.max", "spec.timeout");
    assertThat(PreDumpSpecValidator.describe(violations))
        .startsWith("spec.podName: must be a pod name")
        .contains("; spec.rounds.max: must be between 1 and 100; spec.timeout: ");
  }

  @Test
  void targetIsImmutable() {
    PreDumpSpec old =
        spec(
            s -> {
              s.setPodUID("3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b");
              s.setContainers(List.of("app"));
            });
    assertUpdateViolation(
        old, s -> s.setPodName("web-1"), "spec.podName", PreDumpRules.POD_NAME_IMMUTABLE);
    assertUpdateViolation(
        old,
        s -> s.setPodUID("00000000-0000-0000-0000-000000000000"),
        "spec.podUID",
        PreDumpRules.POD_UID_IMMUTABLE);
    assertUpdateViolation(old, s -> s.setPodUID(null), "spec", PreDumpRules.POD_UID_PRESENCE);
    assertUpdateViolation(
        old,
        s -> s.setContainers(List.of("app", "side")),
        "spec.containers",
        PreDumpRules.CONTAINERS_IMMUTABLE);
    assertUpdateViolation(
        old, s -> s.setContainers(List.of()), "spec", PreDumpRules.CONTAINERS_PRESENCE);
    assertUpdateViolation(
        old,
        s -> s.setTracking(TrackingMode.Full),
        "spec.tracking",
        PreDumpRules.TRACKING_IMMUTABLE);
  }

  @Test
  void budgetsMayChangeMidRun() {
    PreDumpSpec old = spec(s -> {});
    PreDumpSpec updated =
        spec(
            s -> {
              s.setBandwidth(1_000_000L);
              s.setTimeout("2h");
              s.setFreezeBudget("20ms");
              s.getRounds().setMax(20);
              s.getRetention().setOnDelete(OnDelete.Retain);
            });
    assertThat(PreDumpSpecValidator.validateUpdate(old, updated)).isEmpty();
  }

  @Test
  void unsetTrackingEqualsAuto() {
    PreDumpSpec old = spec(s -> s.setTracking(null));
    assertThat(PreDumpSpecValidator.validateUpdate(old, spec(s -> {}))).isEmpty();
  }

  private static PreDumpSpec spec(Consumer<PreDumpSpec> change) {
    PreDumpSpec spec = new PreDumpSpec();
    spec.setPodName("web-0");
    change.accept(spec);
    return spec;
  }

  private static void assertViolation(Consumer<PreDumpSpec> change, String field, String message) {
    List<Violation> violations = PreDumpSpecValidator.validate(spec(change));
    assertThat(violations)
        .as("violations")
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo(field);
              assertThat(v.message()).contains(message);
            });
  }

  private static void assertUpdateViolation(
      PreDumpSpec old, Consumer<PreDumpSpec> change, String field, String message) {
    PreDumpSpec updated = spec(s -> {});
    updated.setPodUID(old.getPodUID());
    updated.setContainers(new ArrayList<>(old.getContainers()));
    updated.setTracking(old.getTracking());
    change.accept(updated);
    assertThat(PreDumpSpecValidator.validateUpdate(old, updated))
        .containsExactly(new Violation(field, message));
  }
}
