package dev.predump.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.predump.image.WriteMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment the chart gives the agent. */
class AgentSettingsTest {

  @Test
  void chartEnvironment() {
    AgentSettings s =
        AgentSettings.fromEnv(
            Map.of(
                "NODE_NAME", "worker-1",
                "POD_NAMESPACE", "predump-system",
                "POD_NAME", "predump-agent-x7",
                "PREDUMP_STORAGE_ROOT", "/var/lib/predump",
                "PREDUMP_AGENT_HTTP_PORT", "9000",
                "PREDUMP_WATCH_NAMESPACES", "apps, batch,"));
    assertThat(s.node()).isEqualTo("worker-1");
    assertThat(s.namespace()).isEqualTo("predump-system");
    assertThat(s.podName()).isEqualTo("predump-agent-x7");
    assertThat(s.httpPort()).isEqualTo(9000);
    assertThat(s.watchNamespaces()).containsExactly("apps", "batch");
    assertThat(s.stateDir()).isEqualTo(Path.of("/var/lib/predump/.agent/worker-1"));
  }

  @Test
  void defaults() {
    AgentSettings s =
        AgentSettings.fromEnv(Map.of("NODE_NAME", "n", "PREDUMP_WATCH_NAMESPACES", ""));
    assertThat(s.watchNamespaces()).isEqualTo(List.of());
    assertThat(s.httpPort()).isEqualTo(8081);
    assertThat(s.maxConcurrent()).isEqualTo(2);
    assertThat(s.cgroupRoot()).isEqualTo(Path.of("/sys/fs/cgroup"));
    assertThat(s.leaseRenewEvery()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(s.heartbeatEvery()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(s.writeMode()).isEqualTo(WriteMode.DIRECT);
    assertThat(s.realtimeWindow()).isTrue();
  }

  @Test
  void realtimeWindowIsReadAndATypoIsRefusedByName() {
    assertThat(
            AgentSettings.fromEnv(Map.of("NODE_NAME", "n", "PREDUMP_REALTIME_WINDOW", "False"))
                .realtimeWindow())
        .isFalse();
    assertThat(
            AgentSettings.fromEnv(Map.of("NODE_NAME", "n", "PREDUMP_REALTIME_WINDOW", "true"))
                .realtimeWindow())
        .isTrue();
    assertThatThrownBy(
            () -> AgentSettings.fromEnv(Map.of("NODE_NAME", "n", "PREDUMP_REALTIME_WINDOW", "no")))
        .hasMessage("PREDUMP_REALTIME_WINDOW must be true or false, not 'no'");
  }

  @Test
  void writeModeIsReadAndAnUnknownOneIsRefusedByName() {
    assertThat(
            AgentSettings.fromEnv(Map.of("NODE_NAME", "n", "PREDUMP_WRITE_MODE", "buffered"))
                .writeMode())
        .isEqualTo(WriteMode.BUFFERED);
    assertThatThrownBy(
            () -> AgentSettings.fromEnv(Map.of("NODE_NAME", "n", "PREDUMP_WRITE_MODE", "mmap")))
        .hasMessageContaining("Unknown write mode 'mmap'");
  }

  @Test
  void nodeNameIsRequiredAndTheContractBoundsHold() {
    assertThatThrownBy(() -> AgentSettings.fromEnv(Map.of())).hasMessageContaining("NODE_NAME");
    assertThatThrownBy(
            () -> AgentSettings.fromEnv(Map.of("NODE_NAME", "n", "PREDUMP_AGENT_HEARTBEAT", "30")))
        .hasMessageContaining("at most 10s");
  }
}
