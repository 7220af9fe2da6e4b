package dev.predump.helm;

import static dev.predump.helm.Containers.envField;
import static dev.predump.helm.Containers.envValue;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent DaemonSet asks only for what the agent uses: the host's PID namespace, SYS_PTRACE,
 * DAC_OVERRIDE and SYS_NICE, the cgroup filesystem read-write and the storage root; nothing else of
 * the host.
 */
class AgentDaemonSetTest {

  @Test
  void seesHostProcessesButNotTheHostNetworkOrIpc() {
    PodSpec pod = podOf(HelmChart.render().agent());

    assertThat(pod.getHostPID()).isTrue();
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(0L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  @Test
  void dropsAllCapabilitiesButPtraceDacOverrideAndNice() {
    SecurityContext security =
        Containers.only(podOf(HelmChart.render().agent())).getSecurityContext();

    assertThat(security.getPrivileged()).isFalse();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd())
        .containsExactly("SYS_PTRACE", "DAC_OVERRIDE", "SYS_NICE");
    assertThat(security.getAppArmorProfile()).isNull();
  }

  @Test
  void withoutNonRootTargetsAndRealtimeWindowOnlyPtraceRemains() {
    Container agent =
        Containers.only(
            podOf(
                HelmChart.render(
                        Values.defaults()
                            .with("agent.dacOverride", false)
                            .with("agent.realtimeWindow", false))
                    .agent()));

    assertThat(agent.getSecurityContext().getCapabilities().getAdd()).containsExactly("SYS_PTRACE");
    assertThat(envValue(agent, "PREDUMP_REALTIME_WINDOW")).isEqualTo("false");
  }

  @Test
  void extraCapabilitiesAndAppArmorProfileAreAddedOnRequest() {
    SecurityContext security =
        Containers.only(
                podOf(
                    HelmChart.render(
                            Values.defaults()
                                .with("agent.extraCapabilities", List.of("DAC_READ_SEARCH"))
                                .with("agent.appArmorProfile", Map.of("type", "Unconfined")))
                        .agent()))
            .getSecurityContext();

    assertThat(security.getCapabilities().getAdd())
        .containsExactly("SYS_PTRACE", "DAC_OVERRIDE", "SYS_NICE", "DAC_READ_SEARCH");
    assertThat(security.getAppArmorProfile().getType()).isEqualTo("Unconfined");
  }

  @Test
  void privilegedFallbackIsFullyPrivileged() {
    SecurityContext security =
        Containers.only(
                podOf(HelmChart.render(Values.defaults().with("agent.privileged", true)).agent()))
            .getSecurityContext();

    assertThat(security.getPrivileged()).isTrue();
    // The API server rejects privileged with allowPrivilegeEscalation: false.
    assertThat(security.getAllowPrivilegeEscalation()).isTrue();
    assertThat(security.getCapabilities()).isNull();
  }

  @Test
  void mountsTheHostCgroupFilesystemReadWriteAndNothingElseOfTheHost() {
    PodSpec pod = podOf(HelmChart.render().agent());
    Container agent = Containers.only(pod);

    assertThat(Containers.mounts(agent))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("host-cgroup", "/sys/fs/cgroup", "storage", "/var/lib/predump", "tmp", "/tmp"));
    assertThat(Containers.mount(agent, "host-cgroup").getReadOnly()).isNotEqualTo(Boolean.TRUE);
    Volume cgroup = Containers.volume(pod, "host-cgroup");
    assertThat(cgroup.getHostPath().getPath()).isEqualTo("/sys/fs/cgroup");
    assertThat(cgroup.getHostPath().getType()).isEqualTo("Directory");
    assertThat(pod.getVolumes().stream().filter(v -> v.getHostPath() != null))
        .extracting(Volume::getName)
        .containsExactly("host-cgroup");
    assertThat(Containers.volume(pod, "tmp").getEmptyDir()).isNotNull();
  }

  @Test
  void knowsItsNodeNamespaceAndStorageRoot() {
    Container agent =
        Containers.only(
            podOf(
                HelmChart.render(Values.defaults().with("storage.mountPath", "/srv/images"))
                    .agent()));

    assertThat(envField(agent, "NODE_NAME")).isEqualTo("spec.nodeName");
    assertThat(envField(agent, "POD_NAMESPACE")).isEqualTo("metadata.namespace");
    assertThat(envValue(agent, "PREDUMP_STORAGE_ROOT")).isEqualTo("/srv/images");
    assertThat(Containers.mount(agent, "storage").getMountPath()).isEqualTo("/srv/images");
    assertThat(envValue(agent, "PREDUMP_WATCH_NAMESPACES")).isEmpty();
    assertThat(envValue(agent, "PREDUMP_WRITE_MODE")).isEqualTo("direct");
    assertThat(envValue(agent, "PREDUMP_REALTIME_WINDOW")).isEqualTo("true");
  }

  @Test
  void writesThroughThePageCacheWhenAsked() {
    Container agent =
        Containers.only(
            podOf(
                HelmChart.render(Values.defaults().with("storage.writeMode", "buffered")).agent()));

    assertThat(envValue(agent, "PREDUMP_WRITE_MODE")).isEqualTo("buffered");
  }

  @Test
  void runsTheAgentJarInClusterModeWithProbesOnItsHttpPort() {
    Container agent = Containers.only(podOf(HelmChart.render().agent()));

    assertThat(agent.getCommand())
        .containsExactly("java", "-jar", "/app/predump-agent.jar", "agent");
    assertThat(agent.getImage())
        .isEqualTo("predump/predump-agent:" + OperatorDeploymentTest.appVersion());
    assertThat(Containers.port(agent, "http")).isEqualTo(8081);
    assertThat(envValue(agent, "PREDUMP_AGENT_HTTP_PORT")).isEqualTo("8081");
    assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(agent.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(agent.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(agent.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void commandPortAndWatchedNamespacesAreConfigurable() {
    Container agent =
        Containers.only(
            podOf(
                HelmChart.render(
                        Values.defaults()
                            .with("agent.command", List.of("java", "-jar", "/app/agent.jar", "run"))
                            .with("agent.args", List.of("--verbose"))
                            .with("agent.httpPort", 9091)
                            .with("watchNamespaces", List.of("team-a", "team-b")))
                    .agent()));

    assertThat(agent.getCommand()).containsExactly("java", "-jar", "/app/agent.jar", "run");
    assertThat(agent.getArgs()).containsExactly("--verbose");
    assertThat(Containers.port(agent, "http")).isEqualTo(9091);
    assertThat(envValue(agent, "PREDUMP_AGENT_HTTP_PORT")).isEqualTo("9091");
    assertThat(envValue(agent, "PREDUMP_WATCH_NAMESPACES")).isEqualTo("team-a,team-b");
  }

  @Test
  void schedulingValuesReachThePod() {
    PodSpec pod =
        podOf(
            HelmChart.render(
                    Values.defaults()
                        .with("agent.tolerations", List.of(Map.of("operator", "Exists")))
                        .with("agent.nodeSelector", Map.of("predump.dev/agent", "true"))
                        .with("agent.priorityClassName", "node-agents"))
                .agent());

    assertThat(pod.getTolerations()).singleElement().extracting("operator").isEqualTo("Exists");
    // Helm merges maps: the default kubernetes.io/os selector stays.
    assertThat(pod.getNodeSelector())
        .containsEntry("predump.dev/agent", "true")
        .containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getPriorityClassName()).isEqualTo("node-agents");
    assertThat(pod.getServiceAccountName()).isEqualTo("pd-predump-agent");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
  }

  @Test
  void createdPriorityClassIsUsed() {
    RenderedChart chart =
        HelmChart.render(Values.defaults().with("agent.priorityClass.create", true));

    assertThat(chart.ofKind("PriorityClass"))
        .singleElement()
        .extracting(o -> o.getMetadata().getName())
        .isEqualTo("pd-predump-agent");
    assertThat(podOf(chart.agent()).getPriorityClassName()).isEqualTo("pd-predump-agent");
  }

  @Test
  void selectorMatchesThePodTemplateAndIsStableAcrossVersions() {
    DaemonSet daemonSet = HelmChart.render().agent();
    Map<String, String> selector = daemonSet.getSpec().getSelector().getMatchLabels();

    assertThat(daemonSet.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(selector);
    assertThat(selector)
        .containsEntry("app.kubernetes.io/component", "agent")
        .doesNotContainKeys("app.kubernetes.io/version", "helm.sh/chart");
    assertThat(daemonSet.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
  }

  private static PodSpec podOf(DaemonSet daemonSet) {
    return daemonSet.getSpec().getTemplate().getSpec();
  }
}
