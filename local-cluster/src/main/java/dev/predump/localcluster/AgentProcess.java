package dev.predump.localcluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A node agent's jar ({@code agent}) as its own process, serving one node. */
public final class AgentProcess extends JavaProcess {

  private AgentProcess(Path jar, String node, Map<String, String> env, Path log)
      throws IOException {
    super(
        "agent-" + node,
        jar,
        List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
        List.of("agent"),
        env,
        log);
  }

  /** Where the agent's jar is in a built project rooted at {@code home}. */
  public static Path jar(Path home) {
    return home.resolve(Path.of("node-agent", "target", "predump-agent.jar"));
  }

  /**
   * @param javaToolOptions e.g. {@code -Dpredump.fault.holdFrozenMillis=...}; null for none
   */
  static AgentProcess start(
      Path home, LocalApiServer api, String node, Path storage, Path logDir, String javaToolOptions)
      throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("KUBECONFIG", api.kubeconfig().toString());
    env.put("NODE_NAME", node);
    env.put("POD_NAMESPACE", LocalCluster.AGENT_NS);
    env.put("POD_NAME", "agent-" + node);
    env.put("PREDUMP_STORAGE_ROOT", storage.toString());
    env.put("PREDUMP_AGENT_HTTP_PORT", "0");
    env.put("PREDUMP_AGENT_LEASE_RENEW", "1");
    env.put("PREDUMP_AGENT_HEARTBEAT", "1");
    if (javaToolOptions != null) {
      env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
    }
    return new AgentProcess(jar(home), node, env, logDir.resolve("agent-" + node + ".log"));
  }
}
