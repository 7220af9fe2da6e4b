package dev.predump.agent.cluster;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code predump agent}: the node agent of a cluster, configured by its environment. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the node agent: pre-copies the PreDumps the operator hands to this node",
      "(NODE_NAME, POD_NAMESPACE, POD_NAME, PREDUMP_STORAGE_ROOT, PREDUMP_AGENT_HTTP_PORT,",
      "PREDUMP_WATCH_NAMESPACES, PREDUMP_AGENT_MAX_CONCURRENT, PREDUMP_CGROUP_ROOT)."
    })
public final class AgentCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger(AgentCommand.class.getName());

  /**
   * The client warns on every PreDump call that v1alpha1 is unstable: true, known, and noise in the
   * agent's log.
   */
  private static final Logger VERSION_WARNINGS =
      quiet("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.SEVERE);
    return logger;
  }

  @Option(
      names = "--connect-attempts",
      defaultValue = "3",
      description = "API server connection attempts before giving up (default ${DEFAULT-VALUE}).")
  int connectAttempts;

  /** The innermost cause's message ("Connection refused"), not the client's generic wrapper. */
  static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  /** java.util.logging's format property, read when the console handler's formatter is made. */
  private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

  @Override
  public Integer call() throws Exception {
    // One line per record, time and level first, for `kubectl logs`; -D... overrides it.
    if (System.getProperty(LOG_FORMAT) == null) {
      System.setProperty(LOG_FORMAT, "%1$tFT%1$tT.%1$tL%1$tz %4$s %5$s%6$s%n");
    }
    AgentSettings settings = AgentSettings.fromEnv(System.getenv());
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withRequestTimeout(10_000)
            .withConnectionTimeout(5_000)
            .withRequestRetryBackoffLimit(1)
            .build();
    LOG.info("Node agent of " + settings.node() + ", API server " + config.getMasterUrl());
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      String failure = reach(client, settings.node());
      if (failure != null) {
        System.err.println(
            "predump agent: no Kubernetes API server reachable at "
                + config.getMasterUrl()
                + " ("
                + failure
                + ")");
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      try (Agent agent = Agent.start(settings, client)) {
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      agent.close();
                      stopped.countDown();
                    },
                    "predump-agent-shutdown"));
        stopped.await();
      }
    }
    return 0;
  }

  /**
   * Lists this node's PreDumps once; null when the API server answered (even with an error such as
   * 403: it is reachable, and the informers will report what they may not see), else why not.
   */
  private String reach(KubernetesClient client, String node) throws InterruptedException {
    String last = null;
    for (int attempt = 1; attempt <= connectAttempts; attempt++) {
      try {
        client
            .resources(PreDump.class)
            .inAnyNamespace()
            .withLabel(PreDumpMetadata.NODE_LABEL, node)
            .list();
        return null;
      } catch (KubernetesClientException e) {
        if (e.getCode() > 0) {
          return null;
        }
        last = rootCause(e);
        Thread.sleep(1000L * attempt);
      }
    }
    return last;
  }
}
