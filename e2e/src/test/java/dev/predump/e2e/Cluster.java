package dev.predump.e2e;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpSpec;
import dev.predump.localcluster.AgentProcess;
import dev.predump.localcluster.LocalCluster;
import dev.predump.localcluster.Workload;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link LocalCluster} per test: the API server, the operator, agents per node, pods holding
 * real workloads. Everything is stopped after the test, failed or not; on failure the processes'
 * logs are printed.
 */
final class Cluster implements BeforeEachCallback, AfterEachCallback {
  /** The project root, seen from the e2e module's directory (where failsafe runs). */
  private static final Path HOME = Path.of("..");

  private LocalCluster cluster;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Path dir = Path.of("target", "e2e", context.getRequiredTestMethod().getName()).toAbsolutePath();
    deleteTree(dir);
    cluster = LocalCluster.start(HOME, dir, "e2e");
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } finally {
      if (context.getExecutionException().isPresent()) {
        cluster.printLogs(System.out);
      }
    }
  }

  KubernetesClient client() {
    return cluster.client();
  }

  Path storage(String node) {
    return cluster.storage(node);
  }

  /** Starts (or restarts) the agent of {@code node}. */
  AgentProcess agent(String node, String javaToolOptions) throws IOException {
    return cluster.agent(node, javaToolOptions);
  }

  AgentProcess agent(String node) throws IOException {
    return cluster.agent(node);
  }

  /** SIGKILLs the agent of {@code node}. */
  void killAgent(String node) throws InterruptedException {
    cluster.killAgent(node);
  }

  Workload workload(long bytes, double dirtyRate) throws IOException {
    return cluster.workload(bytes, dirtyRate);
  }

  /** A Running pod on {@code node} whose one container ({@code app}) is the workload. */
  Pod pod(String name, String node, Workload w) {
    return cluster.pod(name, node, w);
  }

  PreDump create(String name, PreDumpSpec spec) {
    return cluster.create(name, spec);
  }

  PreDump get(String name) {
    return cluster.get(name);
  }

  PreDump await(String name, Duration atMost, Predicate<PreDump> until) {
    return Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> get(name), pd -> pd != null && until.test(pd));
  }

  /** Waits for the PreDump to reach Succeeded or Failed. */
  PreDump awaitTerminal(String name) {
    return await(name, Duration.ofSeconds(60), LocalCluster::isTerminal);
  }

  void awaitGone(String name, Duration atMost) {
    Awaitility.await().atMost(atMost).ignoreExceptions().until(() -> get(name) == null);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
