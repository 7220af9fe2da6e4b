package dev.predump.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusPatchTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> ops(String json) {
    return Serialization.unmarshal(json, List.class);
  }

  @Test
  void namesOnlyTheWritersChangedFields() {
    PreDumpStatus observed = new PreDumpStatus();
    observed.setPhase(PreDumpPhase.Pending);
    observed.setMessage("old");
    observed.setLatestRound(4);
    PreDumpStatus desired = Serialization.clone(observed);
    desired.setPhase(PreDumpPhase.Running);
    desired.setMessage(null);
    desired.setLatestRound(1); // an agent field: never sent by the operator
    List<Map<String, Object>> ops = ops(StatusPatch.of(StatusWriter.OPERATOR, observed, desired));
    assertThat(ops)
        .containsExactly(
            Map.of("op", "add", "path", "/status/phase", "value", "Running"),
            Map.of("op", "remove", "path", "/status/message"));
  }

  @Test
  void nothingChangedIsAnEmptyPatch() {
    PreDumpStatus s = new PreDumpStatus();
    s.setPhase(PreDumpPhase.Running);
    assertThat(StatusPatch.of(StatusWriter.OPERATOR, s, Serialization.clone(s))).isEqualTo("[]");
  }

  @Test
  void firstWriteCreatesTheStatus() {
    PreDumpStatus desired = new PreDumpStatus();
    desired.setPhase(PreDumpPhase.Pending);
    assertThat(ops(StatusPatch.of(StatusWriter.OPERATOR, null, desired)))
        .startsWith(Map.of("op", "add", "path", "/status", "value", Map.of()));
  }
}
