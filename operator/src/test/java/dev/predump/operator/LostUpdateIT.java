package dev.predump.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.RoundStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's lost update, through the real reconciler: a round the agent reports between the
 * operator's read and its status patch survives that patch.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class LostUpdateIT {

  @Inject KubernetesClient client;

  @Test
  void roundReportedBetweenReadAndPatchSurvives() {
    Cluster cluster = new Cluster(client);
    cluster.runningPod("lu-pod", "node-race", "app");
    try (FakeAgent agent = new FakeAgent(client, "node-race").keepLease()) {
      cluster.create("lu", "lu-pod");
      cluster.awaitPhase("lu", PreDumpPhase.Running);
      agent.reportRound("lu", 64L << 20, 1_000);
      await()
          .atMost(Cluster.WAIT)
          .untilAsserted(
              () ->
                  assertThat(cluster.get("lu").getStatus().getMessage()).contains("Round 1 done"));

      AtomicReference<PreDump> response = new AtomicReference<>();
      RacingPreDumpWriter.NEXT.set(
          new RacingPreDumpWriter.Race(
              "lu", () -> agent.reportRound("lu", 8L << 20, 900), response));
      // Round 2 makes the operator reconcile; while it patches, the agent reports round 3.
      agent.reportRound("lu", 32L << 20, 950);

      await().atMost(Cluster.WAIT).until(() -> response.get() != null);
      PreDump afterPatch = response.get();
      assertThat(afterPatch.getStatus().getRounds())
          .extracting(RoundStatus::getRound)
          .containsExactly(1, 2, 3);
      assertThat(afterPatch.getStatus().getLatestRound()).isEqualTo(3);
      // The operator's own fields of that patch landed too (it had read round 2 only).
      assertThat(afterPatch.getStatus().getMessage()).contains("Round 2 done");
      await()
          .atMost(Cluster.WAIT)
          .untilAsserted(
              () ->
                  assertThat(cluster.get("lu").getStatus().getMessage()).contains("Round 3 done"));
      assertThat(cluster.get("lu").getStatus().getRounds()).hasSize(3);
    }
  }
}
