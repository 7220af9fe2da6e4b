package dev.predump.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A PreDump survives the trip through the JSON the API server stores. */
class PreDumpJsonTest {

  @Test
  void roundTripsWithEveryField() {
    PreDumpSpec spec = new PreDumpSpec();
    spec.setPodName("cache-7f9c");
    spec.setContainers(List.of("redis"));
    PreDump predump = new PreDump(spec);
    predump.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("shop").build());
    predump.setStatus(StatusWriterTest.fullStatus());

    String json = CrdFiles.SERIALIZATION.asJson(predump);
    PreDump back = CrdFiles.SERIALIZATION.unmarshal(json, PreDump.class);

    assertThat(back.getSpec()).isEqualTo(spec);
    assertThat(back.getStatus()).isEqualTo(predump.getStatus());
    assertThat(json)
        .contains("\"apiVersion\":\"predump.dev/v1alpha1\"")
        .contains("\"kind\":\"PreDump\"")
        .contains("\"frozenTimeMicros\":1800")
        .contains("\"status\":\"Unknown\"")
        .contains("\"tracker\":\"Full\"")
        .contains("\"podUID\":\"3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b\"")
        .contains("\"containerID\":\"containerd://0123abcd\"");
  }

  @Test
  void emptyStatusFieldsAreLeftOut() {
    PreDumpStatus status = new PreDumpStatus();
    status.setPhase(PreDumpPhase.Pending);

    assertThat(CrdFiles.SERIALIZATION.asJson(status)).isEqualTo("{\"phase\":\"Pending\"}");
  }

  @Test
  void newPreDumpHasADefaultedSpecAndNoStatus() {
    PreDump predump = new PreDump();
    assertThat(predump.getSpec()).isEqualTo(new PreDumpSpec());
    assertThat(predump.getStatus()).isNull();
  }

  @Test
  void terminalPhases() {
    assertThat(PreDumpPhase.Pending.isTerminal()).isFalse();
    assertThat(PreDumpPhase.Running.isTerminal()).isFalse();
    assertThat(PreDumpPhase.Succeeded.isTerminal()).isTrue();
    assertThat(PreDumpPhase.Failed.isTerminal()).isTrue();
  }
}
