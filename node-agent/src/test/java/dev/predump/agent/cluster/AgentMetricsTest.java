package dev.predump.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.engine.RoundStats;
import dev.predump.agent.engine.Tracking;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Prometheus exposition of the agent's counters. */
class AgentMetricsTest {

  @Test
  void roundsBytesAndFrozenHistogram() {
    AgentMetrics m = new AgentMetrics();
    m.started();
    m.roundCompleted(
        new RoundStats(
            1, Tracking.FULL, Instant.EPOCH, 100, 3_000, 0, 0, 0, 0, 2, 0, 0, 0, 8192, 1, 1, 0, 0));
    String text = m.render();
    assertThat(text)
        .contains("# TYPE predump_agent_rounds_total counter\npredump_agent_rounds_total 1\n")
        .contains("predump_agent_bytes_written_total 8192\n")
        .contains("predump_agent_running_predumps 1\n")
        .contains("predump_agent_frozen_seconds_bucket{le=\"0.001\"} 0\n")
        .contains("predump_agent_frozen_seconds_bucket{le=\"0.002\"} 0\n")
        .contains("predump_agent_frozen_seconds_bucket{le=\"0.005\"} 1\n")
        .contains("predump_agent_frozen_seconds_bucket{le=\"+Inf\"} 1\n")
        .contains("predump_agent_frozen_seconds_sum 0.003\n")
        .contains("predump_agent_frozen_seconds_count 1\n");
  }
}
