package dev.predump.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code helm template} with the defaults, each storage mode, namespaces and the extras. */
class ChartTemplateTest {

  @Test
  void defaultsRenderOneOfEachComponent() {
    RenderedChart chart = HelmChart.render();

    assertThat(kindCounts(chart))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ServiceAccount", 2L,
                "ClusterRole", 2L,
                "ClusterRoleBinding", 2L,
                "Role", 2L,
                "RoleBinding", 2L,
                "Service", 2L,
                "Deployment", 1L,
                "DaemonSet", 1L,
                "PersistentVolumeClaim", 1L));
  }

  @Test
  void everyObjectCarriesTheStandardLabelsAndNamespacedOnesLiveInTheRelease() {
    RenderedChart chart =
        HelmChart.render(
            Values.defaults()
                .with("metrics.serviceMonitor.enabled", true)
                .with("agent.priorityClass.create", true)
                .with("commonLabels", Map.of("team", "platform")));

    for (HasMetadata object : chart.objects()) {
      String what = object.getKind() + "/" + object.getMetadata().getName();
      assertThat(object.getMetadata().getLabels())
          .as(what)
          .containsEntry("app.kubernetes.io/name", "predump")
          .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/part-of", "predump")
          .containsEntry("app.kubernetes.io/version", OperatorDeploymentTest.appVersion())
          .containsEntry("team", "platform")
          .containsKeys("app.kubernetes.io/component", "helm.sh/chart");
      if (!isClusterScoped(object)) {
        assertThat(object.getMetadata().getNamespace()).as(what).isEqualTo(HelmChart.NAMESPACE);
      }
    }
  }

  @Test
  void defaultStorageIsAChartCreatedReadWriteManyClaimKeptOnUninstall() {
    RenderedChart chart = HelmChart.render();
    PersistentVolumeClaim claim = chart.get(PersistentVolumeClaim.class, "pd-predump-storage");

    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("50Gi"));
    assertThat(claim.getSpec().getStorageClassName()).isNull();
    assertThat(claim.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(storageVolume(chart).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("pd-predump-storage");
  }

  @Test
  void chartCreatedClaimTakesClassSizeAndAccessModes() {
    RenderedChart chart =
        HelmChart.render(
            Values.defaults()
                .with("storage.pvc.storageClassName", "nfs-client")
                .with("storage.pvc.size", "200Gi")
                .with("storage.pvc.accessModes", List.of("ReadWriteOnce"))
                .with("storage.pvc.keepOnUninstall", false));
    PersistentVolumeClaim claim = chart.get(PersistentVolumeClaim.class, "pd-predump-storage");

    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("nfs-client");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("200Gi"));
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void existingClaimIsMountedAndNoClaimIsCreated() {
    RenderedChart chart =
        HelmChart.render(
            Values.defaults()
                .with("storage.type", "existingClaim")
                .with("storage.existingClaim", "shared-images"));

    assertThat(chart.all(PersistentVolumeClaim.class)).isEmpty();
    assertThat(storageVolume(chart).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("shared-images");
  }

  @Test
  void existingClaimWithoutANameIsRefused() {
    assertThatThrownBy(
            () -> HelmChart.render(Values.defaults().with("storage.type", "existingClaim")))
        .hasMessageContaining("existingClaim");
  }

  @Test
  void hostPathStorageMountsANodeDirectory() {
    RenderedChart chart =
        HelmChart.render(
            Values.defaults()
                .with("storage.type", "hostPath")
                .with("storage.hostPath.path", "/data/predump"));

    assertThat(chart.all(PersistentVolumeClaim.class)).isEmpty();
    Volume storage = storageVolume(chart);
    assertThat(storage.getPersistentVolumeClaim()).isNull();
    assertThat(storage.getHostPath().getPath()).isEqualTo("/data/predump");
    assertThat(storage.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
  }

  @Test
  void watchNamespacesReplaceClusterRolesWithRolesInEachNamespace() {
    RenderedChart chart =
        HelmChart.render(Values.defaults().with("watchNamespaces", List.of("team-a", "team-b")));

    assertThat(chart.ofKind("ClusterRole")).isEmpty();
    assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
    assertThat(
            chart.ofKind("Role").stream()
                .map(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName()))
        .containsExactlyInAnyOrder(
            "team-a/pd-predump-operator",
            "team-b/pd-predump-operator",
            "team-a/pd-predump-agent",
            "team-b/pd-predump-agent",
            "predump-system/pd-predump-operator-leases",
            "predump-system/pd-predump-agent-leases");
    assertThat(chart.ofKind("RoleBinding")).hasSize(6);
  }

  @Test
  void servicesSelectTheirComponentsPods() {
    RenderedChart chart = HelmChart.render();
    Service operator = chart.get(Service.class, "pd-predump-operator");
    Service agent = chart.get(Service.class, "pd-predump-agent");

    assertThat(chart.operator().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(operator.getSpec().getSelector());
    assertThat(chart.agent().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(agent.getSpec().getSelector());
    assertThat(agent.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(operator.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
  }

  @Test
  void serviceMonitorsScrapeBothComponents() {
    RenderedChart chart =
        HelmChart.render(
            Values.defaults()
                .with("metrics.serviceMonitor.enabled", true)
                .with("metrics.serviceMonitor.labels", Map.of("release", "prometheus")));

    List<GenericKubernetesResource> monitors = chart.all(GenericKubernetesResource.class);
    assertThat(monitors).extracting(HasMetadata::getKind).containsOnly("ServiceMonitor");
    Map<String, Object> paths =
        monitors.stream()
            .collect(
                Collectors.toMap(
                    m -> m.getMetadata().getName(), m -> m.get("spec", "endpoints", 0, "path")));
    assertThat(paths)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("pd-predump-operator", "/q/metrics", "pd-predump-agent", "/metrics"));
    assertThat(monitors)
        .allSatisfy(
            m -> assertThat(m.getMetadata().getLabels()).containsEntry("release", "prometheus"));
  }

  @Test
  void schemaRefusesUnknownKeysAndBadValues() {
    assertThatThrownBy(() -> HelmChart.render(Values.defaults().with("agent.privilegd", true)))
        .hasMessageContaining("privilegd");
    assertThatThrownBy(() -> HelmChart.render(Values.defaults().with("storage.type", "nfs")))
        .hasMessageContaining("storage");
    assertThatThrownBy(() -> HelmChart.render(Values.defaults().with("storage.writeMode", "mmap")))
        .hasMessageContaining("writeMode");
    assertThatThrownBy(() -> HelmChart.render(Values.defaults().with("operator.replicas", 0)))
        .hasMessageContaining("replicas");
    assertThatThrownBy(
            () -> HelmChart.render(Values.defaults().with("watchNamespaces", List.of("Team_A"))))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(
            () ->
                HelmChart.render(Values.defaults().with("agent.extraCapabilities", List.of("ALL"))))
        .hasMessageContaining("extraCapabilities");
  }

  @Test
  void installNotesExplainHowToCreateAndWatchAFirstPreDump() {
    String output =
        HelmChart.helm()
            .install()
            .withName(HelmChart.RELEASE)
            .withNamespace(HelmChart.NAMESPACE)
            .dryRun()
            .clientOnly()
            .call()
            .getOutput();

    assertThat(output)
        .contains("kind: PreDump", "podName: web-0", "get predumps -w", "describe predump web-0")
        .contains("PersistentVolumeClaim pd-predump-storage");
  }

  private static Volume storageVolume(RenderedChart chart) {
    PodSpec pod = chart.agent().getSpec().getTemplate().getSpec();
    return Containers.volume(pod, "storage");
  }

  private static Map<String, Long> kindCounts(RenderedChart chart) {
    return chart.objects().stream()
        .collect(Collectors.groupingBy(HasMetadata::getKind, TreeMap::new, Collectors.counting()));
  }

  private static boolean isClusterScoped(HasMetadata object) {
    return List.of("ClusterRole", "ClusterRoleBinding", "PriorityClass").contains(object.getKind());
  }
}
