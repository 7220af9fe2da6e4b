package dev.predump.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.api.v1alpha1.AgentResult;
import dev.predump.api.v1alpha1.ConditionStatus;
import dev.predump.api.v1alpha1.ConditionType;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** At most two PreDumps run per node; the third waits with ConcurrencyLimit until one ends. */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class ConcurrencyIT {

  @Inject KubernetesClient client;

  @Test
  void queuesAndReleases() {
    Cluster cluster = new Cluster(client);
    for (int i = 1; i <= 3; i++) {
      cluster.runningPod("c-pod-" + i, "node-busy", "app");
    }
    try (FakeAgent agent = new FakeAgent(client, "node-busy").keepLease()) {
      cluster.create("c-1", "c-pod-1");
      cluster.awaitPhase("c-1", PreDumpPhase.Running);
      agent.keepHeartbeat("c-1");
      cluster.create("c-2", "c-pod-2");
      cluster.awaitPhase("c-2", PreDumpPhase.Running);
      agent.keepHeartbeat("c-2");
      cluster.create("c-3", "c-pod-3");

      PreDump queued =
          cluster.awaitCondition(
              "c-3",
              ConditionType.PROGRESSING,
              ConditionStatus.False,
              PreDumpReason.ConcurrencyLimit);
      assertThat(queued.getStatus().getPhase()).isEqualTo(PreDumpPhase.Pending);
      assertThat(queued.getStatus().getMessage()).contains("node-busy").contains("at most 2");
      assertThat(queued.getMetadata().getLabels()).doesNotContainKey(PreDumpMetadata.NODE_LABEL);
      cluster.awaitEvent("c-3", PreDumpReason.ConcurrencyLimit, "Normal");

      agent.finish("c-1", AgentResult.Completed, PreDumpReason.MaxRoundsReached, "8 rounds");
      cluster.awaitPhase("c-1", PreDumpPhase.Succeeded);
      cluster.awaitPhase("c-3", PreDumpPhase.Running);
      agent.finish("c-2", AgentResult.Completed, PreDumpReason.MaxRoundsReached, "8 rounds");
      agent.finish("c-3", AgentResult.Failed, PreDumpReason.StorageFull, "disk full");
      cluster.awaitFailed("c-3", PreDumpReason.StorageFull);
      PreDump maxed = cluster.awaitPhase("c-2", PreDumpPhase.Succeeded);
      Cluster.assertCondition(
          maxed, ConditionType.CONVERGED, ConditionStatus.False, PreDumpReason.MaxRoundsReached);
    }
  }
}
