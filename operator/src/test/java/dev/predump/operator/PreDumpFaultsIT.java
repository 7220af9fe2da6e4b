package dev.predump.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.api.v1alpha1.ConditionStatus;
import dev.predump.api.v1alpha1.ConditionType;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Every bad input and fault ends in Failed with its reason, a condition and a Warning Event. */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class PreDumpFaultsIT {

  @Inject KubernetesClient client;

  private Cluster cluster() {
    return new Cluster(client);
  }

  @Test
  void podMissing() {
    cluster().create("f-missing", "no-such-pod");
    cluster().awaitFailed("f-missing", PreDumpReason.PodNotFound);
    cluster().awaitEvent("f-missing", PreDumpReason.PodNotFound, "Warning");
  }

  @Test
  void podNotRunning() {
    Pod pending =
        new PodBuilder()
            .withNewMetadata()
            .withName("f-pending-pod")
            .withNamespace(Cluster.NS)
            .endMetadata()
            .withNewSpec()
            .withNodeName("node-f")
            .addNewContainer()
            .withName("app")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    cluster().createPod(pending);
    cluster().create("f-notrunning", "f-pending-pod");
    PreDump pd = cluster().awaitFailed("f-notrunning", PreDumpReason.PodNotRunning);
    assertThat(pd.getStatus().getMessage()).contains("f-pending-pod");
  }

  @Test
  void podReplacedBeforeStart() {
    cluster().runningPod("f-pinned-pod", "node-f", "app");
    cluster().create("f-replaced", "f-pinned-pod", s -> s.setPodUID(UUID.randomUUID().toString()));
    cluster().awaitFailed("f-replaced", PreDumpReason.PodReplaced);
  }

  @Test
  void podDeletedWhileRunning() {
    cluster().runningPod("f-swap-pod", "node-swap", "app");
    try (FakeAgent agent = new FakeAgent(client, "node-swap").keepLease()) {
      cluster().create("f-swap", "f-swap-pod");
      cluster().awaitPhase("f-swap", PreDumpPhase.Running);
      agent.keepHeartbeat("f-swap");
      client.pods().inNamespace(Cluster.NS).withName("f-swap-pod").delete();
      PreDump pd = cluster().awaitFailed("f-swap", PreDumpReason.PodNotFound);
      assertThat(pd.getStatus().getMessage()).contains("deleted while the rounds ran");
    }
  }

  @Test
  void unknownContainer() {
    cluster().runningPod("f-ctr-pod", "node-f", "app");
    cluster().create("f-container", "f-ctr-pod", s -> s.setContainers(List.of("nope")));
    PreDump pd = cluster().awaitFailed("f-container", PreDumpReason.ContainerNotFound);
    assertThat(pd.getStatus().getMessage()).contains("nope").contains("app");
  }

  @Test
  void nodeWithoutAgent() {
    cluster().runningPod("f-lonely-pod", "node-without-agent", "app");
    cluster().create("f-noagent", "f-lonely-pod");
    cluster()
        .awaitCondition(
            "f-noagent",
            ConditionType.PROGRESSING,
            ConditionStatus.False,
            PreDumpReason.WaitingForAgent);
    assertThat(cluster().get("f-noagent").getStatus().getPhase()).isEqualTo(PreDumpPhase.Pending);
    PreDump pd = cluster().awaitFailed("f-noagent", PreDumpReason.NoAgentOnNode);
    assertThat(pd.getMetadata().getLabels()).doesNotContainKey(PreDumpMetadata.NODE_LABEL);
    cluster().awaitEvent("f-noagent", PreDumpReason.NoAgentOnNode, "Warning");
  }

  @Test
  void agentSilent() {
    cluster().runningPod("f-silent-pod", "node-silent", "app");
    try (FakeAgent agent = new FakeAgent(client, "node-silent").keepLease()) {
      cluster().create("f-silent", "f-silent-pod");
      cluster().awaitPhase("f-silent", PreDumpPhase.Running);
      cluster().awaitFailed("f-silent", PreDumpReason.AgentLost);
    }
  }

  @Test
  void timeout() {
    cluster().runningPod("f-slow-pod", "node-slow", "app");
    try (FakeAgent agent = new FakeAgent(client, "node-slow").keepLease()) {
      cluster().create("f-timeout", "f-slow-pod", s -> s.setTimeout("10s"));
      cluster().awaitPhase("f-timeout", PreDumpPhase.Running);
      agent.keepHeartbeat("f-timeout");
      agent.reportRound("f-timeout", 1L << 30, 5_000);
      PreDump pd = cluster().awaitFailed("f-timeout", PreDumpReason.TimedOut);
      assertThat(pd.getStatus().getMessage()).contains("10s");
      assertThat(pd.getStatus().getRounds()).hasSize(1);
    }
  }

  @Test
  void unexpectedErrorIsRecordedAndRetried() {
    cluster().runningPod("f-err-pod", "node-err", "app");
    try (FakeAgent agent = new FakeAgent(client, "node-err").keepLease()) {
      RacingPreDumpWriter.NEXT.set(
          new RacingPreDumpWriter.Race(
              "f-err",
              () -> {
                throw new IllegalStateException("injected failure");
              },
              new AtomicReference<>()));
      cluster().create("f-err", "f-err-pod");
      Event error = cluster().awaitEvent("f-err", PreDumpReason.InternalError, "Warning");
      assertThat(error.getMessage()).contains("IllegalStateException: injected failure");
      cluster().awaitPhase("f-err", PreDumpPhase.Running);
    }
  }

  @Test
  void invalidSpec() {
    cluster().runningPod("f-invalid-pod", "node-f", "app");
    cluster().create("f-invalid", "f-invalid-pod", s -> s.setFreezeBudget("banana"));
    PreDump pd = cluster().awaitFailed("f-invalid", PreDumpReason.InvalidSpec);
    assertThat(pd.getStatus().getMessage()).contains("spec.freezeBudget").contains("banana");
    cluster().awaitEvent("f-invalid", PreDumpReason.InvalidSpec, "Warning");
  }
}
