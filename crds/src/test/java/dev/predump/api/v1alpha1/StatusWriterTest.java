package dev.predump.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StatusWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-01-02T15:04:05Z");

  @Test
  void writersOwnDisjointFieldsThatCoverTheWholeStatus() {
    Set<String> operator = Set.copyOf(StatusWriter.OPERATOR.fields());
    Set<String> agent = Set.copyOf(StatusWriter.AGENT.fields());
    assertThat(operator).doesNotContainAnyElementsOf(agent);

    Set<String> union = new TreeSet<>(operator);
    union.addAll(agent);
    Set<String> crdFields =
        CrdFiles.rootSchema(CrdFiles.checkedIn())
            .getProperties()
            .get("status")
            .getProperties()
            .keySet();
    assertThat(union).isEqualTo(new TreeSet<>(crdFields));
    assertThat(union).isEqualTo(javaProperties(fullStatus()));
  }

  @Test
  void eachPatchNamesOnlyItsOwnFields() throws Exception {
    PreDumpStatus status = fullStatus();

    Map<String, Object> operatorPatch = statusOf(StatusWriter.OPERATOR.mergePatch(status));
    Map<String, Object> agentPatch = statusOf(StatusWriter.AGENT.mergePatch(status));

    assertThat(operatorPatch.keySet())
        .containsExactlyInAnyOrderElementsOf(StatusWriter.OPERATOR.fields());
    assertThat(agentPatch.keySet())
        .containsExactlyInAnyOrderElementsOf(StatusWriter.AGENT.fields());
    assertThat(agentPatch.get("latestRound")).isEqualTo(2);
    assertThat(operatorPatch.get("phase")).isEqualTo("Running");
  }

  @Test
  void unsetOwnFieldsAreSentAsNullSoTheyAreCleared() throws Exception {
    PreDumpStatus status = new PreDumpStatus();
    status.setPhase(PreDumpPhase.Running);

    Map<String, Object> patch = statusOf(StatusWriter.OPERATOR.mergePatch(status));

    assertThat(patch).containsEntry("phase", "Running").containsEntry("message", null);
    assertThat(patch).containsKey("conditions").containsEntry("conditions", null);
    assertThat(patch).doesNotContainKeys("rounds", "latestRound");
  }

  @Test
  void nullStatusClearsOnlyOwnFields() throws Exception {
    Map<String, Object> patch = statusOf(StatusWriter.AGENT.mergePatch(null));
    assertThat(patch.keySet()).containsExactlyInAnyOrderElementsOf(StatusWriter.AGENT.fields());
    assertThat(patch.values()).containsOnlyNulls();
  }

  /**
   * DESIGN.md: a round the agent reports between the operator's read and the operator's patch
   * survives. The mock API server applies merge patches this way and checks no resourceVersion.
   */
  @Test
  void aRoundReportedBetweenTheOperatorsReadAndPatchSurvives() throws Exception {
    // Stored: the agent has reported round 1.
    PreDumpStatus stored = new PreDumpStatus();
    stored.setPhase(PreDumpPhase.Running);
    stored.setRounds(new ArrayList<>(List.of(round(1, 900_000_000L))));
    stored.setLatestRound(1);
    Map<String, Object> server = toMap(stored);

    // The operator reads that status ...
    PreDumpStatus operatorView = JSON.convertValue(server, PreDumpStatus.class);
    // ... meanwhile the agent reports round 2 ...
    PreDumpStatus agentView = JSON.convertValue(server, PreDumpStatus.class);
    agentView.getRounds().add(round(2, 40_000_000L));
    agentView.setLatestRound(2);
    agentView.setLatestRoundDirtyBytes(40_000_000L);
    server = applyPatch(server, StatusWriter.AGENT.mergePatch(agentView));
    // ... then the operator patches what it computed from its (now stale) read.
    operatorView.setMessage("Round 1 done");
    operatorView.setConditions(
        Conditions.set(
            operatorView.getConditions(),
            ConditionType.PROGRESSING,
            ConditionStatus.True,
            PreDumpReason.RoundsRunning,
            "Round 1 done",
            1,
            NOW));
    server = applyPatch(server, StatusWriter.OPERATOR.mergePatch(operatorView));

    PreDumpStatus result = JSON.convertValue(server, PreDumpStatus.class);
    assertThat(result.getRounds()).extracting(RoundStatus::getRound).containsExactly(1, 2);
    assertThat(result.getLatestRound()).isEqualTo(2);
    assertThat(result.getMessage()).isEqualTo("Round 1 done");
    assertThat(Conditions.isTrue(result.getConditions(), ConditionType.PROGRESSING)).isTrue();

    // What the split prevents: the operator sending its whole stale status loses round 2.
    Map<String, Object> wholeStatusPatch = Map.of("status", toMap(operatorView));
    Map<String, Object> lost = applyPatch(server, JSON.writeValueAsString(wholeStatusPatch));
    assertThat(JSON.convertValue(lost, PreDumpStatus.class).getRounds()).hasSize(1);
  }

  @Test
  void sameOwnFieldsIgnoresTheOtherWritersFields() {
    PreDumpStatus a = fullStatus();
    PreDumpStatus b = fullStatus();
    b.getRounds().add(round(3, 1L));
    b.setLatestRound(3);

    assertThat(StatusWriter.OPERATOR.sameOwnFields(a, b)).isTrue();
    assertThat(StatusWriter.AGENT.sameOwnFields(a, b)).isFalse();
    assertThat(StatusWriter.OPERATOR.owns("phase")).isTrue();
    assertThat(StatusWriter.AGENT.owns("phase")).isFalse();
  }

  static PreDumpStatus fullStatus() {
    PreDumpStatus s = new PreDumpStatus();
    s.setPhase(PreDumpPhase.Running);
    s.setConditions(
        Conditions.set(
            null,
            ConditionType.READY,
            ConditionStatus.Unknown,
            PreDumpReason.RoundsRunning,
            "Rounds running",
            1,
            NOW));
    s.setObservedGeneration(1L);
    s.setNodeName("node-a");
    s.setPodUID("3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b");
    s.setContainers(
        new ArrayList<>(List.of(new TargetContainer("redis", "containerd://0123abcd"))));
    s.setEstimatedFinalDumpBytes(40_000_000L);
    s.setEstimatedFinalDumpMillis(80L);
    s.setStartTime("2026-01-02T15:04:05Z");
    s.setCompletionTime("2026-01-02T15:05:05Z");
    s.setMessage("Round 2 done");
    s.setAgentHeartbeatTime("2026-01-02T15:04:59.123456Z");
    s.setImagePath("/var/lib/predump/shop/cache-7f9c-precopy");
    s.setLatestRound(2);
    s.setLatestRoundDirtyBytes(40_000_000L);
    s.setRounds(new ArrayList<>(List.of(round(1, 900_000_000L), round(2, 40_000_000L))));
    AgentOutcome outcome = new AgentOutcome();
    outcome.setResult(AgentResult.Completed);
    outcome.setReason(PreDumpReason.Converged);
    outcome.setMessage("Round 2 dirtied 38 MiB, below 64 MiB");
    outcome.setTime("2026-01-02T15:05:00Z");
    s.setAgentOutcome(outcome);
    return s;
  }

  static RoundStatus round(int n, long dirtyBytes) {
    RoundStatus r = new RoundStatus();
    r.setRound(n);
    r.setTracker(n == 1 ? DirtyTracker.Full : DirtyTracker.Hash);
    r.setStartTime("2026-01-02T15:04:0" + n + ".000100Z");
    r.setDirtyBytes(dirtyBytes);
    r.setFrozenTimeMicros(1_800L);
    return r;
  }

  private static Set<String> javaProperties(PreDumpStatus status) {
    return new TreeSet<>(toMap(status).keySet());
  }

  private static Map<String, Object> toMap(Object value) {
    return JSON.convertValue(value, new TypeReference<Map<String, Object>>() {});
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> statusOf(String patch) throws Exception {
    Map<String, Object> body = JSON.readValue(patch, new TypeReference<Map<String, Object>>() {});
    assertThat(body).containsOnlyKeys("status");
    return (Map<String, Object>) body.get("status");
  }

  /** Applies a {@code {"status":{...}}} merge patch to a stored status (RFC 7386). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> applyPatch(Map<String, Object> status, String patch)
      throws Exception {
    Map<String, Object> body = JSON.readValue(patch, new TypeReference<Map<String, Object>>() {});
    return (Map<String, Object>) merge(status, body.get("status"));
  }

  @SuppressWarnings("unchecked")
  private static Object merge(Object target, Object patch) {
    if (!(patch instanceof Map)) {
      return patch;
    }
    Map<String, Object> result =
        target instanceof Map
            ? new LinkedHashMap<>((Map<String, Object>) target)
            : new LinkedHashMap<>();
    ((Map<String, Object>) patch)
        .forEach(
            (key, value) -> {
              if (value == null) {
                result.remove(key);
              } else {
                result.put(key, merge(result.get(key), value));
              }
            });
    return result;
  }
}
