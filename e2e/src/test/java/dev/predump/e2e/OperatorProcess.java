package dev.predump.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The operator's fast-jar as its own process, with bounds in seconds. */
final class OperatorProcess extends JavaProcess {
  static final Path JAR = Path.of("..", "operator", "target", "quarkus-app", "quarkus-run.jar");

  private OperatorProcess(List<String> jvm, Map<String, String> env, Path log) throws IOException {
    super("operator", JAR, jvm, List.of(), env, log);
  }

  static OperatorProcess start(LocalApiServer api, Path logDir) throws IOException {
    List<String> jvm =
        List.of(
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-Dquarkus.http.port=0",
            "-Dpredump.agent.namespace=" + Cluster.AGENT_NS,
            "-Dpredump.max-running=50",
            "-Dpredump.timeout-grace=2s",
            "-Dpredump.pod-wait=5s",
            "-Dpredump.queue-recheck=300ms",
            "-Dpredump.agent.lease-stale-after=5s",
            "-Dpredump.agent.missing-grace=2s",
            "-Dpredump.agent.silent-after=10s",
            "-Dpredump.agent.release-after=5s");
    return new OperatorProcess(
        jvm,
        Map.of("KUBECONFIG", api.kubeconfig().toString(), "POD_NAMESPACE", Cluster.AGENT_NS),
        logDir.resolve("operator.log"));
  }
}
