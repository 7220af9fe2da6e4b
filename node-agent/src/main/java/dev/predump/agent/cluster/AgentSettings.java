package dev.predump.agent.cluster;

import dev.predump.image.WriteMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the agent reads from its environment (the chart's DaemonSet sets these).
 *
 * @param node NODE_NAME: the node whose PreDumps this agent serves
 * @param namespace POD_NAMESPACE: where its Lease lives
 * @param podName POD_NAME: the Lease's holder identity
 * @param storageRoot PREDUMP_STORAGE_ROOT: images go to {@code <root>/<namespace>/<predump>/}
 * @param httpPort PREDUMP_AGENT_HTTP_PORT: health and metrics (0 picks a free port)
 * @param watchNamespaces PREDUMP_WATCH_NAMESPACES: comma-separated; empty means all
 * @param maxConcurrent PREDUMP_AGENT_MAX_CONCURRENT: PreDumps run at once on this node
 * @param cgroupRoot PREDUMP_CGROUP_ROOT: where the host's cgroup hierarchies are mounted
 * @param leaseRenewEvery PREDUMP_AGENT_LEASE_RENEW: how often the Lease is renewed
 * @param heartbeatEvery PREDUMP_AGENT_HEARTBEAT: how often a Running PreDump gets a heartbeat
 * @param writeMode PREDUMP_WRITE_MODE: {@code direct} (O_DIRECT where the storage takes it, the
 *     default) or {@code buffered} (through the node's page cache)
 * @param realtimeWindow PREDUMP_REALTIME_WINDOW: {@code true} (the default) runs the freezing
 *     thread SCHED_FIFO while a container is frozen, {@code false} keeps it at normal priority
 */
public record AgentSettings(
    String node,
    String namespace,
    String podName,
    Path storageRoot,
    int httpPort,
    List<String> watchNamespaces,
    int maxConcurrent,
    Path cgroupRoot,
    Duration leaseRenewEvery,
    Duration heartbeatEvery,
    WriteMode writeMode,
    boolean realtimeWindow) {

  /** The contract's bound for both the Lease renewal and the heartbeat. */
  public static final Duration CONTRACT_PERIOD = Duration.ofSeconds(10);

  public AgentSettings {
    if (node == null || node.isBlank()) {
      throw new IllegalArgumentException("NODE_NAME is not set: the agent must know its node");
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("PREDUMP_AGENT_MAX_CONCURRENT must be at least 1");
    }
    if (leaseRenewEvery.compareTo(CONTRACT_PERIOD) > 0
        || heartbeatEvery.compareTo(CONTRACT_PERIOD) > 0) {
      throw new IllegalArgumentException("Lease renewal and heartbeat must be at most 10s");
    }
  }

  /** Reads the settings from environment variables, with the chart's defaults. */
  public static AgentSettings fromEnv(Map<String, String> env) {
    String ns = env.getOrDefault("POD_NAMESPACE", "default");
    String watch = env.getOrDefault("PREDUMP_WATCH_NAMESPACES", "").trim();
    return new AgentSettings(
        env.get("NODE_NAME"),
        ns.isBlank() ? "default" : ns,
        env.getOrDefault("POD_NAME", "predump-agent"),
        Path.of(env.getOrDefault("PREDUMP_STORAGE_ROOT", "/var/lib/predump")),
        Integer.parseInt(env.getOrDefault("PREDUMP_AGENT_HTTP_PORT", "8081")),
        watch.isEmpty()
            ? List.of()
            : Arrays.stream(watch.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        Integer.parseInt(env.getOrDefault("PREDUMP_AGENT_MAX_CONCURRENT", "2")),
        Path.of(env.getOrDefault("PREDUMP_CGROUP_ROOT", "/sys/fs/cgroup")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("PREDUMP_AGENT_LEASE_RENEW", "5"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("PREDUMP_AGENT_HEARTBEAT", "5"))),
        WriteMode.fromCliName(env.getOrDefault("PREDUMP_WRITE_MODE", "direct").trim()),
        flag(env, "PREDUMP_REALTIME_WINDOW", true));
  }

  /** A true/false variable; anything else is an error naming it (a typo must not pass as false). */
  private static boolean flag(Map<String, String> env, String name, boolean unset) {
    String value = env.getOrDefault(name, "").trim();
    if (value.isEmpty()) {
      return unset;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
  }

  /** Where this node's agent keeps its own state (the frozen markers). */
  public Path stateDir() {
    return storageRoot.resolve(".agent").resolve(node);
  }
}
