package dev.predump.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Deletion cancels: the agent releases its finalizer, or the operator does after a bound. */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class PreDumpDeletionIT {

  @Inject KubernetesClient client;

  @Test
  void deleteMidRunAgentCooperates() {
    Cluster cluster = new Cluster(client);
    cluster.runningPod("d-coop-pod", "node-coop", "app");
    try (FakeAgent agent = new FakeAgent(client, "node-coop").keepLease()) {
      cluster.create("d-coop", "d-coop-pod");
      cluster.awaitPhase("d-coop", PreDumpPhase.Running);
      agent.keepHeartbeat("d-coop");
      agent.accept("d-coop");
      agent.reportRound("d-coop", 1L << 20, 1_000);
      cluster.delete("d-coop");
      cluster.awaitEvent("d-coop", PreDumpReason.Cancelled, "Normal");
      assertThat(cluster.get("d-coop")).isNotNull();
      agent.release("d-coop");
      cluster.awaitGone("d-coop");
      assertThat(cluster.events("d-coop"))
          .extracting(Event::getReason)
          .doesNotContain("ImagesOrphaned");
    }
  }

  @Test
  void deleteWhilePendingNeedsNoAgent() {
    Cluster cluster = new Cluster(client);
    cluster.create("d-pending", "d-no-pod-yet", s -> {});
    cluster.awaitPhase("d-pending", PreDumpPhase.Pending);
    cluster.delete("d-pending");
    cluster.awaitGone("d-pending");
    assertThat(cluster.events("d-pending"))
        .extracting(Event::getReason)
        .doesNotContain("ImagesOrphaned");
  }

  @Test
  void nodeGoneDuringDelete() {
    Cluster cluster = new Cluster(client);
    cluster.runningPod("d-gone-pod", "node-gone", "app");
    try (FakeAgent agent = new FakeAgent(client, "node-gone")) {
      agent.renewLease();
      cluster.create("d-gone", "d-gone-pod");
      cluster.awaitPhase("d-gone", PreDumpPhase.Running);
      agent.accept("d-gone");
      agent.reportRound("d-gone", 1L << 20, 1_000);
      agent.deleteLease();
      cluster.delete("d-gone");
      cluster.awaitGone("d-gone");
      Event orphaned = cluster.awaitEvent("d-gone", PreDumpReason.ImagesOrphaned, "Warning");
      assertThat(orphaned.getMessage())
          .contains("node-gone")
          .contains("/var/lib/predump/apps/d-gone");
    }
  }

  @Test
  void agentTooSlowIsReleasedAfterBound() {
    Cluster cluster = new Cluster(client);
    cluster.runningPod("d-slow-pod", "node-stuck", "app");
    try (FakeAgent agent = new FakeAgent(client, "node-stuck").keepLease()) {
      cluster.create("d-slow", "d-slow-pod");
      cluster.awaitPhase("d-slow", PreDumpPhase.Running);
      agent.keepHeartbeat("d-slow");
      agent.accept("d-slow");
      long deleted = System.nanoTime();
      cluster.delete("d-slow");
      cluster.awaitGone("d-slow");
      assertThat((System.nanoTime() - deleted) / 1_000_000).isGreaterThanOrEqualTo(2_000);
      Event orphaned = cluster.awaitEvent("d-slow", PreDumpReason.ImagesOrphaned, "Warning");
      assertThat(orphaned.getMessage()).contains("did not release it within 3s");
    }
  }
}
