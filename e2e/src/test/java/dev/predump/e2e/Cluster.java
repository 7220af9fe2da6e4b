package dev.predump.e2e;

import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpSpec;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local cluster per test: the API server, the operator, agents per node, pods holding real
 * workloads. Everything is stopped after the test, failed or not; on failure the processes' logs
 * are printed.
 */
final class Cluster implements BeforeEachCallback, AfterEachCallback {
  static final String NS = "apps";
  static final String AGENT_NS = "predump-system";

  private Path dir;
  private LocalApiServer api;
  private KubernetesClient client;
  private OperatorProcess operator;
  private final Map<String, AgentProcess> agents = new HashMap<>();
  private final List<JavaProcess> stopped = new ArrayList<>();
  private final List<Workload> workloads = new ArrayList<>();

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    for (Path jar : List.of(OperatorProcess.JAR, AgentProcess.JAR)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar.toAbsolutePath().normalize()
                + " is missing: run ./mvnw install -DskipTests first (the e2e module runs the"
                + " built jars)");
      }
    }
    dir = Path.of("target", "e2e", context.getRequiredTestMethod().getName()).toAbsolutePath();
    deleteTree(dir);
    Files.createDirectories(dir);
    api = LocalApiServer.start(dir);
    client = api.client();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .load(PreDump.class.getResourceAsStream(PreDump.CRD_RESOURCE))
        .create();
    operator = OperatorProcess.start(api, dir);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    boolean failed = context.getExecutionException().isPresent();
    List<JavaProcess> all = new ArrayList<>(stopped);
    all.addAll(agents.values());
    if (operator != null) {
      all.add(operator);
    }
    Throwable first = null;
    for (JavaProcess p : all) {
      try {
        p.close();
      } catch (Exception | Error e) {
        first = first == null ? e : first;
      }
    }
    for (Workload w : workloads) {
      try {
        w.close();
      } catch (Exception | Error e) {
        first = first == null ? e : first;
      }
    }
    if (failed) {
      for (JavaProcess p : all) {
        System.out.println("===== " + p.name() + " (" + p.log() + ") =====");
        System.out.println(p.logText());
      }
    }
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
    if (first instanceof Exception e) {
      throw e;
    } else if (first instanceof Error e) {
      throw e;
    }
  }

  KubernetesClient client() {
    return client;
  }

  Path storage(String node) {
    return dir.resolve("storage-" + node);
  }

  /** Starts (or restarts) the agent of {@code node}. */
  AgentProcess agent(String node, String javaToolOptions) throws IOException {
    AgentProcess old = agents.remove(node);
    if (old != null) {
      stopped.add(old);
    }
    AgentProcess a = AgentProcess.start(api, node, storage(node), dir, javaToolOptions);
    agents.put(node, a);
    return a;
  }

  /** SIGKILLs the agent of {@code node}. */
  void killAgent(String node) throws InterruptedException {
    AgentProcess a = agents.remove(node);
    a.kill();
    stopped.add(a);
  }

  AgentProcess agent(String node) throws IOException {
    return agent(node, null);
  }

  Workload workload(long bytes, double dirtyRate) throws IOException {
    Workload w = Workload.start(new WorkloadSpec(bytes, 4, dirtyRate, false, 7));
    workloads.add(w);
    return w;
  }

  /** A Running pod on {@code node} whose one container ({@code app}) is the workload. */
  Pod pod(String name, String node, Workload w) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withUid(w.podUid)
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .addNewContainer()
            .withName("app")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("app")
                    .withContainerID(w.containerId())
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt("2026-01-01T00:00:00Z")
                    .endRunning()
                    .endState()
                    .build())
            .endStatus()
            .build();
    Pod created = client.pods().inNamespace(NS).resource(pod).create();
    if (created.getStatus() == null || created.getStatus().getPhase() == null) {
      created.setStatus(pod.getStatus());
      created = client.pods().inNamespace(NS).resource(created).updateStatus();
    }
    return created;
  }

  PreDump create(String name, PreDumpSpec spec) {
    PreDump pd = new PreDump(spec);
    pd.getMetadata().setName(name);
    pd.getMetadata().setNamespace(NS);
    return client.resource(pd).create();
  }

  PreDump get(String name) {
    return client.resources(PreDump.class).inNamespace(NS).withName(name).get();
  }

  PreDump await(String name, Duration atMost, Predicate<PreDump> until) {
    return org.awaitility.Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> get(name), pd -> pd != null && until.test(pd));
  }

  /** Waits for the PreDump to reach Succeeded or Failed. */
  PreDump awaitTerminal(String name) {
    return await(
        name,
        Duration.ofSeconds(60),
        pd ->
            pd.getStatus() != null
                && pd.getStatus().getPhase() != null
                && pd.getStatus().getPhase().isTerminal());
  }

  void awaitGone(String name, Duration atMost) {
    org.awaitility.Awaitility.await()
        .atMost(atMost)
        .ignoreExceptions()
        .until(() -> get(name) == null);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
