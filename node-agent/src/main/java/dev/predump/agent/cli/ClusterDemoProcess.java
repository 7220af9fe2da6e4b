package dev.predump.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code predump demo --cluster}: runs the local-cluster jar (API server, operator, agent) as its
 * own JVM, which needs the operator's jar and the mock API server that the agent jar lacks.
 */
final class ClusterDemoProcess {
  private ClusterDemoProcess() {}

  /** Runs the cluster demo with {@code args} and returns its exit code. */
  static int run(List<String> args) throws IOException, InterruptedException {
    Path home = ProjectHome.locate();
    Path jar = home.resolve(Path.of("local-cluster", "target", "predump-local-cluster.jar"));
    Path operator = home.resolve(Path.of("operator", "target", "quarkus-app", "quarkus-run.jar"));
    if (!Files.isRegularFile(jar) || !Files.isRegularFile(operator)) {
      System.err.println(
          "predump: demo --cluster needs the operator and local-cluster jars: run ./mvnw -B"
              + " package -DskipTests");
      return 1;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Dpredump.home=" + home);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    // On Ctrl-C (or a kill of this JVM alone) the demo must still clean up its cluster: pass the
    // signal on and wait for it, so that the shell prompt comes back after the cleanup, not before.
    Thread stop =
        new Thread(
            () -> {
              p.destroy();
              try {
                p.waitFor(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "demo-cluster-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      return p.waitFor();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException e) {
        // Already exiting: the hook runs.
      }
    }
  }
}
