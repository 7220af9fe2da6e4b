package dev.predump.operator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.predump.api.v1alpha1.AgentResult;
import dev.predump.api.v1alpha1.ConditionStatus;
import dev.predump.api.v1alpha1.ConditionType;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.TargetContainer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Pending → Running → Succeeded with a fake agent: status, conditions, Events, metrics. */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class PreDumpLifecycleIT {

  @Inject KubernetesClient client;

  @Test
  void convergesWithFakeAgent() {
    Cluster cluster = new Cluster(client);
    cluster.runningPod("web-1", "node-life", "app", "sidecar");
    try (FakeAgent agent = new FakeAgent(client, "node-life").keepLease()) {
      cluster.create("life", "web-1", s -> s.getRetention().setTtlSecondsAfterFinished(2));

      PreDump running = cluster.awaitPhase("life", PreDumpPhase.Running);
      assertThat(running.getStatus().getNodeName()).isEqualTo("node-life");
      assertThat(running.getStatus().getPodUID()).isNotBlank();
      assertThat(running.getStatus().getContainers())
          .containsExactly(
              new TargetContainer("app", "containerd://web-1-app-id"),
              new TargetContainer("sidecar", "containerd://web-1-sidecar-id"));
      assertThat(running.getStatus().getStartTime()).isNotNull();
      assertThat(running.getStatus().getObservedGeneration())
          .isEqualTo(running.getMetadata().getGeneration());
      await()
          .atMost(Cluster.WAIT)
          .until(
              () ->
                  "node-life"
                      .equals(
                          cluster
                              .get("life")
                              .getMetadata()
                              .getLabels()
                              .get(PreDumpMetadata.NODE_LABEL)));
      assertThat(cluster.get("life").getMetadata().getFinalizers())
          .contains(PreDumpMetadata.OPERATOR_FINALIZER);
      Cluster.assertCondition(
          running, ConditionType.PROGRESSING, ConditionStatus.True, PreDumpReason.WaitingForAgent);
      cluster.awaitEvent("life", PreDumpReason.WaitingForAgent, "Normal");

      agent.accept("life");
      agent.keepHeartbeat("life");
      agent.reportRound("life", 512L << 20, 4_200);
      agent.reportRound("life", 100L << 20, 3_100);
      PreDump progressing =
          cluster.awaitCondition(
              "life", ConditionType.PROGRESSING, ConditionStatus.True, PreDumpReason.RoundsRunning);
      await()
          .atMost(Cluster.WAIT)
          .until(() -> cluster.get("life").getStatus().getEstimatedFinalDumpBytes() != null);
      assertThat(progressing.getStatus().getLatestRound()).isEqualTo(2);
      await()
          .atMost(Cluster.WAIT)
          .untilAsserted(
              () ->
                  assertThat(given().get("/q/metrics").asString())
                      .contains(
                          "predump_dirty_rate_bytes_per_second{name=\"life\",namespace=\"apps\",node=\"node-life\"} 1.048576E9"));
      agent.reportRound("life", 10L << 20, 2_000);
      agent.finish(
          "life", AgentResult.Completed, PreDumpReason.Converged, "Round 3 dirtied 10 MiB");

      PreDump done = cluster.awaitPhase("life", PreDumpPhase.Succeeded);
      Cluster.assertCondition(
          done, ConditionType.READY, ConditionStatus.True, PreDumpReason.Converged);
      Cluster.assertCondition(
          done, ConditionType.CONVERGED, ConditionStatus.True, PreDumpReason.Converged);
      Cluster.assertCondition(
          done, ConditionType.PROGRESSING, ConditionStatus.False, PreDumpReason.Converged);
      assertThat(done.getStatus().getCompletionTime()).isNotNull();
      assertThat(done.getStatus().getRounds()).hasSize(3);
      assertThat(done.getStatus().getEstimatedFinalDumpBytes()).isPositive();
      assertThat(done.getStatus().getEstimatedFinalDumpMillis()).isNotNull();
      assertThat(done.getStatus().getMessage()).contains("3 round(s)");

      cluster.awaitEvent("life", PreDumpReason.Converged, "Normal");
      assertThat(
              cluster.events("life").stream()
                  .filter(e -> e.getReason().equals("RoundsRunning"))
                  .map(Event::getMessage))
          .hasSize(3)
          .anySatisfy(
              m -> assertThat(m).startsWith("Round 1 (Full): frozen 4.2ms, 512.0 MiB dirty"));

      String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
      assertThat(metrics)
          .contains("predump_rounds_total{node=\"node-life\",tracker=\"Full\"} 1.0")
          .contains("predump_rounds_total{node=\"node-life\",tracker=\"Hash\"} 2.0")
          .contains("predump_round_frozen_seconds_bucket{node=\"node-life\",le=\"0.005\"} 3")
          .contains("predump_round_written_bytes_total{node=\"node-life\"}")
          .contains("predump_predumps{phase=\"Succeeded\"}")
          .contains("predump_finished_total{phase=\"Succeeded\",reason=\"Converged\"} 1.0");

      // TTL: the operator deletes it 2 s after completion; the agent releases its finalizer.
      await()
          .atMost(Cluster.WAIT)
          .until(
              () ->
                  cluster.get("life") == null
                      || cluster.get("life").getMetadata().getDeletionTimestamp() != null);
      if (cluster.get("life") != null) {
        agent.release("life");
      }
      cluster.awaitGone("life");
    }
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/q/health/live").then().statusCode(200);
  }
}
