package dev.predump.localcluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The operator's fast-jar as its own process, with bounds in seconds. */
public final class OperatorProcess extends JavaProcess {

  private OperatorProcess(Path jar, List<String> jvm, Map<String, String> env, Path log)
      throws IOException {
    super("operator", jar, jvm, List.of(), env, log);
  }

  /** Where the operator's fast-jar is in a built project rooted at {@code home}. */
  public static Path jar(Path home) {
    return home.resolve(Path.of("operator", "target", "quarkus-app", "quarkus-run.jar"));
  }

  static OperatorProcess start(Path home, LocalApiServer api, Path logDir) throws IOException {
    List<String> jvm =
        List.of(
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-Dquarkus.http.port=0",
            "-Dpredump.agent.namespace=" + LocalCluster.AGENT_NS,
            "-Dpredump.max-running=50",
            "-Dpredump.timeout-grace=2s",
            "-Dpredump.pod-wait=5s",
            "-Dpredump.queue-recheck=300ms",
            "-Dpredump.agent.lease-stale-after=5s",
            "-Dpredump.agent.missing-grace=2s",
            "-Dpredump.agent.silent-after=10s",
            "-Dpredump.agent.release-after=5s");
    return new OperatorProcess(
        jar(home),
        jvm,
        Map.of("KUBECONFIG", api.kubeconfig().toString(), "POD_NAMESPACE", LocalCluster.AGENT_NS),
        logDir.resolve("operator.log"));
  }
}
