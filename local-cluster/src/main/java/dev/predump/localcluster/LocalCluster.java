package dev.predump.localcluster;

import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A whole predump installation on this machine: the fabric8 mock API server on loopback with the
 * PreDump CRD, the operator's jar and agent jars as separate processes, and pods whose containers
 * are real workloads in real cgroups. Shared by the e2e suite and {@code predump demo --cluster}.
 * Closing stops everything, thaws and removes the workloads, whatever happened before.
 */
public final class LocalCluster implements AutoCloseable {
  /** The namespace of the pods and PreDumps. */
  public static final String NS = "apps";

  /** The namespace the operator and the agents run in (their Leases live there). */
  public static final String AGENT_NS = "predump-system";

  private final Path home;
  private final Path dir;
  private final String label;
  private final LocalApiServer api;
  private final KubernetesClient client;
  private OperatorProcess operator;
  private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
  private final List<JavaProcess> stopped = new ArrayList<>();
  private final List<Workload> workloads = new ArrayList<>();
  private boolean closed;

  private LocalCluster(Path home, Path dir, String label, LocalApiServer api) {
    this.home = home;
    this.dir = dir;
    this.label = label;
    this.api = api;
    this.client = api.client();
  }

  /**
   * Starts the API server, creates the CRD and starts the operator.
   *
   * @param home the project root, where {@code operator/target} and {@code node-agent/target} hold
   *     the built jars
   * @param dir where the kubeconfig, the process logs and the agents' storage go
   * @param label names the workloads' scratch cgroups, {@code predump-<label>-...}
   */
  public static LocalCluster start(Path home, Path dir, String label) throws IOException {
    for (Path jar : jars(home)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar.toAbsolutePath().normalize()
                + " is missing: run ./mvnw -B package -DskipTests first (a local cluster runs the"
                + " built jars)");
      }
    }
    Files.createDirectories(dir);
    LocalCluster cluster = new LocalCluster(home, dir, label, LocalApiServer.start(dir));
    try {
      cluster
          .client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .load(PreDump.class.getResourceAsStream(PreDump.CRD_RESOURCE))
          .create();
      cluster.operator = OperatorProcess.start(home, cluster.api, dir);
      return cluster;
    } catch (IOException | RuntimeException e) {
      try {
        cluster.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The jars a local cluster runs: the operator's and the agent's. */
  public static List<Path> jars(Path home) {
    return List.of(OperatorProcess.jar(home), AgentProcess.jar(home));
  }

  public KubernetesClient client() {
    return client;
  }

  public LocalApiServer api() {
    return api;
  }

  public OperatorProcess operator() {
    return operator;
  }

  /** The operator and the agents now running. */
  public synchronized List<JavaProcess> processes() {
    List<JavaProcess> all = new ArrayList<>();
    if (operator != null) {
      all.add(operator);
    }
    all.addAll(agents.values());
    return all;
  }

  /** The storage root of the agent of {@code node}. */
  public Path storage(String node) {
    return dir.resolve("storage-" + node);
  }

  /** Starts (or restarts) the agent of {@code node}. */
  public synchronized AgentProcess agent(String node, String javaToolOptions) throws IOException {
    AgentProcess old = agents.remove(node);
    if (old != null) {
      stopped.add(old);
    }
    AgentProcess a = AgentProcess.start(home, api, node, storage(node), dir, javaToolOptions);
    agents.put(node, a);
    return a;
  }

  public AgentProcess agent(String node) throws IOException {
    return agent(node, null);
  }

  /** SIGKILLs the agent of {@code node}. */
  public synchronized void killAgent(String node) throws InterruptedException {
    AgentProcess a = agents.remove(node);
    a.kill();
    stopped.add(a);
  }

  /** A workload of {@code bytes} in 4 mappings, rewriting {@code dirtyRate} of them per second. */
  public Workload workload(long bytes, double dirtyRate) throws IOException {
    return workload(new WorkloadSpec(bytes, 4, dirtyRate, false, 7));
  }

  public synchronized Workload workload(WorkloadSpec spec) throws IOException {
    Workload w = Workload.start(label, spec);
    workloads.add(w);
    return w;
  }

  /** A Running pod on {@code node} whose one container ({@code app}) is the workload. */
  public Pod pod(String name, String node, Workload w) {
    Pod pod = w.runningPod(name, NS, node);
    Pod created = client.pods().inNamespace(NS).resource(pod).create();
    if (created.getStatus() == null || created.getStatus().getPhase() == null) {
      created.setStatus(pod.getStatus());
      created = client.pods().inNamespace(NS).resource(created).updateStatus();
    }
    return created;
  }

  public PreDump create(String name, PreDumpSpec spec) {
    PreDump pd = new PreDump(spec);
    pd.getMetadata().setName(name);
    pd.getMetadata().setNamespace(NS);
    return client.resource(pd).create();
  }

  /** The PreDump, or null when there is none. */
  public PreDump get(String name) {
    return client.resources(PreDump.class).inNamespace(NS).withName(name).get();
  }

  /**
   * Polls the PreDump every 200 ms until {@code until} holds; failed reads count as not yet.
   *
   * @throws IllegalStateException when {@code atMost} passes first
   */
  public PreDump await(String name, Duration atMost, Predicate<PreDump> until) {
    long deadline = System.nanoTime() + atMost.toNanos();
    RuntimeException lastError = null;
    while (true) {
      try {
        PreDump pd = get(name);
        if (pd != null && until.test(pd)) {
          return pd;
        }
        lastError = null;
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            "PreDump " + NS + "/" + name + " did not get there within " + atMost, lastError);
      }
      sleep(Duration.ofMillis(200));
    }
  }

  /** Waits up to a minute for the PreDump to reach Succeeded or Failed. */
  public PreDump awaitTerminal(String name) {
    return await(name, Duration.ofSeconds(60), LocalCluster::isTerminal);
  }

  /** Waits until the PreDump is gone. */
  public void awaitGone(String name, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (true) {
      try {
        if (get(name) == null) {
          return;
        }
      } catch (RuntimeException e) {
        // Not answered: try again.
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            "PreDump " + NS + "/" + name + " still exists after " + atMost);
      }
      sleep(Duration.ofMillis(200));
    }
  }

  /** Whether the PreDump's phase is Succeeded or Failed. */
  public static boolean isTerminal(PreDump pd) {
    return pd != null
        && pd.getStatus() != null
        && pd.getStatus().getPhase() != null
        && pd.getStatus().getPhase().isTerminal();
  }

  /** Prints every process's whole log, with a header naming the file. */
  public void printLogs(PrintStream out) {
    for (JavaProcess p : allProcesses()) {
      out.println("===== " + p.name() + " (" + p.log() + ") =====");
      out.println(p.logText());
    }
  }

  /** Prints the last {@code lines} lines of every process's log, with a header naming the file. */
  public void printLogTails(PrintStream out, int lines) {
    for (JavaProcess p : allProcesses()) {
      out.println("===== " + p.name() + ", last " + lines + " lines of " + p.log() + " =====");
      out.println(p.logTail(lines));
    }
  }

  private synchronized List<JavaProcess> allProcesses() {
    List<JavaProcess> all = new ArrayList<>(stopped);
    all.addAll(processes());
    return all;
  }

  /**
   * Stops the agents (which thaw what they froze), the operator, the workloads (thawed, killed,
   * their cgroups removed) and the API server; every step runs even if one before it failed.
   * Idempotent.
   */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    List<JavaProcess> all = new ArrayList<>(stopped);
    all.addAll(agents.values());
    if (operator != null) {
      all.add(operator);
    }
    Exception first = null;
    for (JavaProcess p : all) {
      try {
        p.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    for (Workload w : workloads) {
      try {
        w.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    client.close();
    api.close();
    if (first != null) {
      throw first;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting", e);
    }
  }
}
