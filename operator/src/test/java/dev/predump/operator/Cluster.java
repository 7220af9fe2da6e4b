package dev.predump.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.predump.api.v1alpha1.Condition;
import dev.predump.api.v1alpha1.ConditionStatus;
import dev.predump.api.v1alpha1.Conditions;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpSpec;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Test fixtures and domain assertions over the mock API server: pods, PreDumps, Events. */
final class Cluster {

  static final String NS = "apps";
  static final Duration WAIT = Duration.ofSeconds(15);

  private final KubernetesClient client;

  Cluster(KubernetesClient client) {
    this.client = client;
  }

  /**
   * A Running pod on {@code node} with the given containers, IDs {@code containerd://<name>-id}.
   */
  Pod runningPod(String name, String node, String... containers) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withUid(UUID.randomUUID().toString())
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .endSpec();
    List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses = new ArrayList<>();
    for (String c : containers) {
      pod.editSpec().addNewContainer().withName(c).withImage("busybox").endContainer().endSpec();
      statuses.add(
          new ContainerStatusBuilder()
              .withName(c)
              .withContainerID("containerd://" + name + "-" + c + "-id")
              .withNewState()
              .withNewRunning()
              .withStartedAt("2026-01-01T00:00:00Z")
              .endRunning()
              .endState()
              .build());
    }
    Pod built =
        pod.withNewStatus()
            .withPhase("Running")
            .withContainerStatuses(statuses)
            .endStatus()
            .build();
    return createPod(built);
  }

  Pod createPod(Pod pod) {
    Pod created = client.pods().inNamespace(NS).resource(pod).create();
    if (created.getStatus() == null || created.getStatus().getPhase() == null) {
      created.setStatus(pod.getStatus());
      created = client.pods().inNamespace(NS).resource(created).updateStatus();
    }
    return created;
  }

  PreDump create(String name, String podName, Consumer<PreDumpSpec> customize) {
    PreDumpSpec spec = new PreDumpSpec();
    spec.setPodName(podName);
    customize.accept(spec);
    PreDump pd = new PreDump(spec);
    pd.getMetadata().setName(name);
    pd.getMetadata().setNamespace(NS);
    return client.resources(PreDump.class).inNamespace(NS).resource(pd).create();
  }

  PreDump create(String name, String podName) {
    return create(name, podName, s -> {});
  }

  PreDump get(String name) {
    return client.resources(PreDump.class).inNamespace(NS).withName(name).get();
  }

  void delete(String name) {
    client.resources(PreDump.class).inNamespace(NS).withName(name).delete();
  }

  PreDump awaitPhase(String name, PreDumpPhase phase) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              PreDump pd = get(name);
              assertThat(pd).isNotNull();
              assertThat(pd.getStatus()).isNotNull();
              assertThat(pd.getStatus().getPhase()).as("phase of %s", name).isEqualTo(phase);
            });
    return get(name);
  }

  PreDump awaitFailed(String name, PreDumpReason reason) {
    PreDump pd = awaitPhase(name, PreDumpPhase.Failed);
    assertCondition(pd, "Ready", ConditionStatus.False, reason);
    return pd;
  }

  /** Waits for the condition to show this reason. */
  PreDump awaitCondition(String name, String type, ConditionStatus status, PreDumpReason reason) {
    await().atMost(WAIT).untilAsserted(() -> assertCondition(get(name), type, status, reason));
    return get(name);
  }

  void awaitGone(String name) {
    await().atMost(WAIT).until(() -> get(name) == null);
  }

  static void assertCondition(
      PreDump pd, String type, ConditionStatus status, PreDumpReason reason) {
    assertThat(pd.getStatus()).as("status of %s", pd.getMetadata().getName()).isNotNull();
    Condition c = Conditions.find(pd.getStatus().getConditions(), type).orElse(null);
    assertThat(c).as("condition %s of %s", type, pd.getMetadata().getName()).isNotNull();
    assertThat(c.getStatus()).as("%s status: %s in %s", type, c, pd.getStatus()).isEqualTo(status);
    assertThat(c.getReason())
        .as("%s reason: %s in %s", type, c, pd.getStatus())
        .isEqualTo(reason.name());
    assertThat(c.getLastTransitionTime()).isNotNull();
  }

  List<Event> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Waits until the PreDump has an Event with this reason (and type). */
  Event awaitEvent(String name, PreDumpReason reason, String type) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events(name))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo(reason.name());
                          assertThat(e.getType()).isEqualTo(type);
                        }));
    return events(name).stream()
        .filter(e -> e.getReason().equals(reason.name()))
        .findFirst()
        .orElseThrow();
  }
}
