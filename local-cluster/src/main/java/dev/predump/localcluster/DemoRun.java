package dev.predump.localcluster;

import dev.predump.agent.cli.Sizes;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * One run of {@code demo --cluster}: the local cluster, the workload and the PreDump, watched to
 * the end and checked. Closing (or the JVM's exit, on Ctrl-C) stops and removes everything.
 */
final class DemoRun implements AutoCloseable {
  private final Path home;
  private final Path dir;
  private final boolean temporary;
  private final PrintStream out;
  private LocalCluster cluster;
  private boolean closed;
  private volatile boolean interrupted;

  DemoRun(Path home, Path dir, boolean temporary, PrintStream out) {
    this.home = home;
    this.dir = dir;
    this.temporary = temporary;
    this.out = out;
  }

  /**
   * Starts everything, watches the PreDump to its end and checks its chain.
   *
   * @return null when it Succeeded and every check passed, else why not (one line)
   */
  String execute(String name, String node, PreDumpSpec spec, WorkloadSpec workloadSpec)
      throws Exception {
    out.println(
        "Starting a local API server, the operator and an agent for " + node + " in " + dir);
    LocalCluster c = start();
    String url = c.api().url();
    out.println(
        "API server: " + url + " (fabric8's mock server; kubeconfig " + c.api().kubeconfig() + ")");
    out.println(
        "  Watch it with: curl -s "
            + url
            + "/apis/"
            + PreDump.GROUP
            + "/"
            + PreDump.VERSION
            + "/namespaces/"
            + LocalCluster.NS
            + "/"
            + PreDump.PLURAL
            + "/"
            + name
            + " (kubectl may not work against the mock server)");
    c.agent(node);
    out.printf(
        "Starting a workload: %s in %d mappings, rewriting %.1f%% of its pages per second.%n",
        Sizes.human(workloadSpec.sizeBytes()),
        workloadSpec.mappings(),
        workloadSpec.dirtyRate() * 100);
    Workload workload = c.workload(workloadSpec);
    c.pod(name, node, workload);
    out.println(
        "Pod "
            + LocalCluster.NS
            + "/"
            + name
            + " runs it on "
            + node
            + " (cgroup "
            + workload.cgroup()
            + ")");
    c.create(name, spec);
    out.println(
        "Created PreDump "
            + LocalCluster.NS
            + "/"
            + name
            + ": "
            + spec.getRounds().getMax()
            + " rounds at most, "
            + spec.getRounds().getInterval()
            + " apart, tracking "
            + spec.getTracking()
            + ".");

    PreDump done = watch(c, name);
    if (done == null) {
      return whyNoEnd(c, name);
    }
    new StatusTable(out).printFinal(done);
    if (!ClusterDemo.succeeded(done)) {
      return "the PreDump ended "
          + done.getStatus().getPhase()
          + " ("
          + StatusTable.readyReason(done.getStatus())
          + "): "
          + done.getStatus().getMessage();
    }
    Path chain = Path.of(done.getStatus().getImagePath()).resolve("app");
    return ChainCheck.run(chain, workload, done.getStatus(), out);
  }

  private synchronized LocalCluster start() throws IOException {
    if (closed) {
      throw new IllegalStateException("stopped");
    }
    cluster = LocalCluster.start(home, dir, "demo");
    return cluster;
  }

  /** Polls the PreDump and prints its changes; null when it did not end in time. */
  private PreDump watch(LocalCluster c, String name) {
    StatusTable table = new StatusTable(out);
    long deadline = System.nanoTime() + ClusterDemo.watchLimit().toNanos();
    while (System.nanoTime() - deadline < 0 && !interrupted) {
      PreDump pd;
      try {
        pd = c.get(name);
      } catch (RuntimeException e) {
        pd = null;
      }
      if (pd != null) {
        table.update(pd);
        if (LocalCluster.isTerminal(pd)) {
          return pd;
        }
      }
      boolean allAlive = c.processes().stream().allMatch(JavaProcess::isAlive);
      try {
        // A process that died may have been killed by Ctrl-C's shutdown hooks: give
        // interrupt() the moment to say so before this is reported as a failure.
        Thread.sleep(allAlive ? 200 : 500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      if (!allAlive) {
        return null;
      }
    }
    return null;
  }

  private String whyNoEnd(LocalCluster c, String name) {
    if (interrupted) {
      return "interrupted";
    }
    for (JavaProcess p : c.processes()) {
      if (!p.isAlive()) {
        return "the " + p.name() + " process exited (code " + p.exitCode() + ")";
      }
    }
    return "PreDump "
        + LocalCluster.NS
        + "/"
        + name
        + " did not end within "
        + ClusterDemo.watchLimit();
  }

  void printLogTails(int lines) {
    LocalCluster c;
    synchronized (this) {
      c = cluster;
    }
    if (c != null) {
      c.printLogTails(out, lines);
    }
  }

  /** Whether the JVM is exiting before the run ended (Ctrl-C): nothing more to report. */
  boolean wasInterrupted() {
    return interrupted;
  }

  /** The JVM is exiting before the run ended (Ctrl-C): clean up. */
  void interrupt() {
    interrupted = true;
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    out.println("Interrupted: stopping the local cluster and removing the workload.");
    close();
  }

  /** Stops the cluster, thaws and removes the workload, removes a temporary directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (cluster != null) {
      try {
        cluster.close();
      } catch (Exception e) {
        out.println("Cleanup: " + ClusterDemo.describe(e));
      }
    }
    if (temporary) {
      deleteTree(dir);
    } else {
      out.println("Kept the images, the kubeconfig and the logs in " + dir);
    }
  }

  private void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    } catch (IOException e) {
      out.println("Cleanup: could not remove " + p + ": " + e.getMessage());
    }
  }
}
