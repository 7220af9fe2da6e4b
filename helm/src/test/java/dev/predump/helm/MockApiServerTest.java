package dev.predump.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object the chart renders, in every mode, is created through the fabric8 client in the mock
 * API server (CRUD mode) and read back: the chart's CRDs first, then a PreDump, then the templates.
 * The mock checks no schema or RBAC; the other tests check those rules.
 */
@EnableKubernetesMockClient(crud = true)
class MockApiServerTest {

  private static final ResourceDefinitionContext SERVICE_MONITORS =
      new ResourceDefinitionContext.Builder()
          .withGroup("monitoring.coreos.com")
          .withVersion("v1")
          .withKind("ServiceMonitor")
          .withPlural("servicemonitors")
          .withNamespaced(true)
          .build();

  private static final ResourceDefinitionContext PREDUMPS =
      new ResourceDefinitionContext.Builder()
          .withGroup("predump.dev")
          .withVersion("v1alpha1")
          .withKind("PreDump")
          .withPlural("predumps")
          .withNamespaced(true)
          .build();

  KubernetesClient client;

  static Stream<Arguments> installs() {
    return Stream.of(
        Arguments.of("defaults", Values.defaults()),
        Arguments.of(
            "existing claim",
            Values.defaults()
                .with("storage.type", "existingClaim")
                .with("storage.existingClaim", "images")),
        Arguments.of("host path", Values.defaults().with("storage.type", "hostPath")),
        Arguments.of(
            "namespaced", Values.defaults().with("watchNamespaces", List.of("team-a", "team-b"))),
        Arguments.of(
            "everything on",
            Values.defaults()
                .with("operator.replicas", 2)
                .with("metrics.serviceMonitor.enabled", true)
                .with("agent.priorityClass.create", true)
                .with("agent.privileged", true)
                .with("agent.appArmorProfile", Map.of("type", "Unconfined"))
                .with("imageRegistry", "registry.example.com")));
  }

  @BeforeEach
  void installCrds() throws IOException {
    try (Stream<Path> files = Files.list(HelmChart.chartDir().resolve("crds"))) {
      for (Path file : files.toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
          client.resource(crd).create();
        }
      }
    }
  }

  @AfterEach
  void uninstall() {
    client.apiextensions().v1().customResourceDefinitions().delete();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installs")
  void acceptsEveryRenderedObject(String install, Values values) {
    RenderedChart chart = HelmChart.render(values);

    for (HasMetadata object : chart.objects()) {
      HasMetadata created = create(object);
      assertThat(created).as(object.getKind() + "/" + object.getMetadata().getName()).isNotNull();
      assertThat(read(object))
          .as("read back " + object.getKind() + "/" + object.getMetadata().getName())
          .isNotNull()
          .extracting(o -> o.getMetadata().getUid())
          .isNotNull();
    }
    for (HasMetadata object : chart.objects()) {
      delete(object);
    }
  }

  @Test
  void servesPreDumpsOnceTheChartCrdIsInstalled() throws IOException {
    Path sample = HelmChart.repoRoot().resolve("crds/samples/predump-minimal.yaml");
    GenericKubernetesResource preDump =
        client
            .getKubernetesSerialization()
            .unmarshal(Files.readString(sample), GenericKubernetesResource.class);

    client.genericKubernetesResources(PREDUMPS).inNamespace("default").resource(preDump).create();

    assertThat(client.genericKubernetesResources(PREDUMPS).inNamespace("default").list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly(preDump.getMetadata().getName());
    client.genericKubernetesResources(PREDUMPS).inNamespace("default").delete();
  }

  private HasMetadata create(HasMetadata object) {
    if (object instanceof GenericKubernetesResource generic) {
      return client
          .genericKubernetesResources(context(generic))
          .inNamespace(generic.getMetadata().getNamespace())
          .resource(generic)
          .create();
    }
    return client.resource(object).create();
  }

  private HasMetadata read(HasMetadata object) {
    if (object instanceof GenericKubernetesResource generic) {
      return client
          .genericKubernetesResources(context(generic))
          .inNamespace(generic.getMetadata().getNamespace())
          .withName(generic.getMetadata().getName())
          .get();
    }
    return client.resource(object).get();
  }

  private void delete(HasMetadata object) {
    if (object instanceof GenericKubernetesResource generic) {
      client
          .genericKubernetesResources(context(generic))
          .inNamespace(generic.getMetadata().getNamespace())
          .withName(generic.getMetadata().getName())
          .delete();
    } else {
      client.resource(object).delete();
    }
  }

  private static ResourceDefinitionContext context(GenericKubernetesResource generic) {
    if ("ServiceMonitor".equals(generic.getKind())) {
      return SERVICE_MONITORS;
    }
    throw new IllegalArgumentException("Unexpected untyped object " + generic.getKind());
  }
}
