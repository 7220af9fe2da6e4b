package dev.predump.helm;

import static dev.predump.helm.Containers.env;
import static dev.predump.helm.Containers.envField;
import static dev.predump.helm.Containers.envValue;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator Deployment: confinement, probes, configuration, leader election. */
class OperatorDeploymentTest {

  @Test
  void runsAsNonRootWithoutAnyCapabilityOnAReadOnlyRootFilesystem() {
    PodSpec pod = HelmChart.render().operator().getSpec().getTemplate().getSpec();
    SecurityContext container = Containers.only(pod).getSecurityContext();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getPrivileged()).isFalse();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(pod.getVolumes()).allMatch(v -> v.getHostPath() == null);
    assertThat(Containers.volume(pod, "tmp").getEmptyDir()).isNotNull();
    assertThat(Containers.mount(Containers.only(pod), "tmp").getMountPath()).isEqualTo("/tmp");
  }

  @Test
  void probesHitTheQuarkusHealthEndpointsOnTheHttpPort() {
    Container operator = operatorContainer(HelmChart.render().operator());

    assertThat(Containers.port(operator, "http")).isEqualTo(8080);
    assertThat(envValue(operator, "QUARKUS_HTTP_PORT")).isEqualTo("8080");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    for (var probe :
        List.of(
            operator.getLivenessProbe(),
            operator.getReadinessProbe(),
            operator.getStartupProbe())) {
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
  }

  @Test
  void httpPortMovesThePortAndTellsQuarkus() {
    Container operator =
        operatorContainer(
            HelmChart.render(Values.defaults().with("operator.httpPort", 9090)).operator());

    assertThat(Containers.port(operator, "http")).isEqualTo(9090);
    assertThat(envValue(operator, "QUARKUS_HTTP_PORT")).isEqualTo("9090");
  }

  @Test
  void hasResourcesAndTheImageOfTheAppVersion() {
    Container operator = operatorContainer(HelmChart.render().operator());

    assertThat(operator.getImage()).isEqualTo("predump/predump-operator:" + appVersion());
    assertThat(operator.getResources().getRequests())
        .containsKeys("cpu", "memory")
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(operator.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void registryTagAndDigestShapeTheImage() {
    Container tagged =
        operatorContainer(
            HelmChart.render(
                    Values.defaults()
                        .with("imageRegistry", "registry.example.com/team/")
                        .with("operator.image.tag", "1.2.3"))
                .operator());
    String digest = "sha256:" + "ab".repeat(32);
    Container pinned =
        operatorContainer(
            HelmChart.render(Values.defaults().with("operator.image.digest", digest)).operator());

    assertThat(tagged.getImage())
        .isEqualTo("registry.example.com/team/predump/predump-operator:1.2.3");
    assertThat(pinned.getImage()).isEqualTo("predump/predump-operator@" + digest);
  }

  @Test
  void passesNamespacesAndLeavesUnsetSettingsToTheOperatorDefaults() {
    Container operator = operatorContainer(HelmChart.render().operator());

    assertThat(envValue(operator, "QUARKUS_OPERATOR_SDK_CONTROLLERS_PREDUMP_NAMESPACES"))
        .isEqualTo("JOSDK_ALL_NAMESPACES");
    assertThat(envValue(operator, "PREDUMP_AGENT_NAMESPACE")).isEqualTo(HelmChart.NAMESPACE);
    assertThat(envField(operator, "KUBERNETES_NAMESPACE")).isEqualTo("metadata.namespace");
    for (String unset :
        List.of(
            "PREDUMP_MAX_RUNNING_PER_NODE",
            "PREDUMP_MAX_RUNNING",
            "PREDUMP_TIMEOUT_GRACE",
            "PREDUMP_POD_WAIT",
            "PREDUMP_QUEUE_RECHECK",
            "PREDUMP_AGENT_LEASE_STALE_AFTER",
            "PREDUMP_AGENT_MISSING_GRACE",
            "PREDUMP_AGENT_SILENT_AFTER",
            "PREDUMP_AGENT_RELEASE_AFTER")) {
      assertThat(env(operator, unset)).as(unset).isEmpty();
    }
  }

  @Test
  void configValuesBecomeQuarkusEnvironmentVariables() {
    Container operator =
        operatorContainer(
            HelmChart.render(
                    Values.defaults()
                        .with("watchNamespaces", List.of("team-a", "team-b"))
                        .with("operator.config.maxRunningPerNode", 2)
                        .with("operator.config.maxRunning", 0)
                        .with("operator.config.timeoutGrace", "45s")
                        .with("operator.config.podWait", "90s")
                        .with("operator.config.queueRecheck", "500ms")
                        .with("operator.config.agentLeaseStaleAfter", "30s")
                        .with("operator.config.agentMissingGrace", "20s")
                        .with("operator.config.agentSilentAfter", "2m")
                        .with("operator.config.agentReleaseAfter", "1h30m")
                        .with(
                            "operator.extraEnv",
                            List.of(Map.of("name", "QUARKUS_LOG_LEVEL", "value", "DEBUG"))))
                .operator());

    assertThat(envValue(operator, "QUARKUS_OPERATOR_SDK_CONTROLLERS_PREDUMP_NAMESPACES"))
        .isEqualTo("team-a,team-b");
    assertThat(envValue(operator, "PREDUMP_MAX_RUNNING_PER_NODE")).isEqualTo("2");
    assertThat(envValue(operator, "PREDUMP_MAX_RUNNING")).isEqualTo("0");
    assertThat(envValue(operator, "PREDUMP_TIMEOUT_GRACE")).isEqualTo("45s");
    assertThat(envValue(operator, "PREDUMP_POD_WAIT")).isEqualTo("90s");
    assertThat(envValue(operator, "PREDUMP_QUEUE_RECHECK")).isEqualTo("500ms");
    assertThat(envValue(operator, "PREDUMP_AGENT_LEASE_STALE_AFTER")).isEqualTo("30s");
    assertThat(envValue(operator, "PREDUMP_AGENT_MISSING_GRACE")).isEqualTo("20s");
    assertThat(envValue(operator, "PREDUMP_AGENT_SILENT_AFTER")).isEqualTo("2m");
    assertThat(envValue(operator, "PREDUMP_AGENT_RELEASE_AFTER")).isEqualTo("1h30m");
    assertThat(envValue(operator, "QUARKUS_LOG_LEVEL")).isEqualTo("DEBUG");
  }

  @Test
  void oneReplicaRunsWithoutLeaderElectionAndIsRecreatedNotRolled() {
    Deployment deployment = HelmChart.render().operator();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    Container operator = operatorContainer(deployment);
    assertThat(env(operator, "PREDUMP_LEADER_ELECTION_ENABLED")).isEmpty();
    assertThat(env(operator, "PREDUMP_LEADER_ELECTION_LEASE_NAME")).isEmpty();
  }

  @Test
  void moreReplicasElectALeader() {
    Deployment deployment =
        HelmChart.render(Values.defaults().with("operator.replicas", 2)).operator();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getStrategy()).isNull();
    Container operator = operatorContainer(deployment);
    assertThat(envValue(operator, "PREDUMP_LEADER_ELECTION_ENABLED")).isEqualTo("true");
    assertThat(envValue(operator, "PREDUMP_LEADER_ELECTION_LEASE_NAME"))
        .isEqualTo("pd-predump-operator");
  }

  @Test
  void leaderElectionCanBeForcedEitherWay() {
    Container forcedOn =
        operatorContainer(
            HelmChart.render(
                    Values.defaults()
                        .with("operator.leaderElection.enabled", true)
                        .with("operator.leaderElection.leaseName", "predump-leader"))
                .operator());
    Container forcedOff =
        operatorContainer(
            HelmChart.render(
                    Values.defaults()
                        .with("operator.replicas", 2)
                        .with("operator.leaderElection.enabled", false))
                .operator());

    assertThat(envValue(forcedOn, "PREDUMP_LEADER_ELECTION_ENABLED")).isEqualTo("true");
    assertThat(envValue(forcedOn, "PREDUMP_LEADER_ELECTION_LEASE_NAME"))
        .isEqualTo("predump-leader");
    assertThat(env(forcedOff, "PREDUMP_LEADER_ELECTION_ENABLED")).isEmpty();
  }

  @Test
  void schedulingValuesReachThePod() {
    PodSpec pod =
        HelmChart.render(
                Values.defaults()
                    .with("operator.priorityClassName", "infra")
                    .with("operator.tolerations", List.of(Map.of("operator", "Exists")))
                    .with("imagePullSecrets", List.of("regcred")))
            .operator()
            .getSpec()
            .getTemplate()
            .getSpec();

    assertThat(pod.getPriorityClassName()).isEqualTo("infra");
    assertThat(pod.getTolerations()).singleElement().extracting("operator").isEqualTo("Exists");
    assertThat(pod.getImagePullSecrets()).singleElement().extracting("name").isEqualTo("regcred");
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getServiceAccountName()).isEqualTo("pd-predump-operator");
  }

  static Container operatorContainer(Deployment deployment) {
    return Containers.only(deployment.getSpec().getTemplate().getSpec());
  }

  static String appVersion() {
    return (String)
        HelmChart.readYaml(HelmChart.chartDir().resolve("Chart.yaml")).get("appVersion");
  }
}
