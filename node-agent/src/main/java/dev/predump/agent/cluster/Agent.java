package dev.predump.agent.cluster;

import dev.predump.agent.engine.FrozenPathWarmUp;
import dev.predump.agent.engine.KernelPages;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The running node agent: thaws what a previous process left frozen, holds the node's Lease,
 * watches the PreDumps labelled with its node and serves health and metrics.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Agent.class.getName());

  /** How often informers replay their cache, so that a missed event is acted on eventually. */
  private static final long RESYNC_MILLIS = 30_000;

  private final AgentSettings settings;
  private final ScheduledExecutorService timer;
  private final Runs runs;
  private final NodeLease lease;
  private final List<SharedIndexInformer<PreDump>> informers = new ArrayList<>();
  private final AgentMetrics metrics = new AgentMetrics();
  private final AtomicBoolean closed = new AtomicBoolean();
  private AgentHttp http;

  private Agent(AgentSettings settings, KubernetesClient client) {
    this.settings = settings;
    this.timer =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "predump-agent-timer");
              t.setDaemon(true);
              return t;
            });
    this.runs = new Runs(settings.maxConcurrent());
    this.lease = new NodeLease(client, settings.namespace(), settings.node(), settings.podName());
  }

  /** Starts the agent on the live kernel. */
  public static Agent start(AgentSettings settings, KubernetesClient client) throws IOException {
    return start(settings, client, KernelPages.live());
  }

  /** Starts the agent with another source of page state (tests of soft-dirty). */
  public static Agent start(AgentSettings settings, KubernetesClient client, KernelPages kernel)
      throws IOException {
    Agent agent = new Agent(settings, client);
    FrozenMarkers markers = new FrozenMarkers(settings.stateDir().resolve("frozen"));
    for (Path thawed : markers.thawAll()) {
      LOG.info("Thawed cgroup " + thawed + ", left frozen by a previous agent process");
    }
    AgentContext ctx =
        new AgentContext(
            settings,
            new PreDumpApi(client),
            new ContainerCgroups(settings.cgroupRoot()),
            markers,
            agent.metrics,
            kernel,
            agent.timer,
            agent.runs);
    // Before any PreDump arrives: the first rounds should not keep their targets frozen for the
    // JIT.
    FrozenPathWarmUp.run(Duration.ofMillis(500));
    agent.runs.bind(ctx);
    agent.lease.renew();
    long renew = settings.leaseRenewEvery().toMillis();
    agent.timer.scheduleAtFixedRate(agent.lease::renew, renew, renew, TimeUnit.MILLISECONDS);
    agent.http = AgentHttp.start(settings.httpPort(), agent::ready, agent.metrics::render);
    agent.watch(client);
    LOG.info(
        String.format(
            "Agent of node %s watching PreDumps labelled %s=%s in %s; Lease %s/%s; HTTP on port %d",
            settings.node(),
            PreDumpMetadata.NODE_LABEL,
            settings.node(),
            settings.watchNamespaces().isEmpty() ? "all namespaces" : settings.watchNamespaces(),
            settings.namespace(),
            agent.lease.name(),
            agent.http.port()));
    return agent;
  }

  private void watch(KubernetesClient client) {
    ResourceEventHandler<PreDump> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(PreDump pd) {
            runs.observe(pd);
          }

          @Override
          public void onUpdate(PreDump old, PreDump pd) {
            runs.observe(pd);
          }

          @Override
          public void onDelete(PreDump pd, boolean finalStateUnknown) {
            runs.gone(pd);
          }
        };
    var resources = client.resources(PreDump.class);
    if (settings.watchNamespaces().isEmpty()) {
      informers.add(
          resources
              .inAnyNamespace()
              .withLabel(PreDumpMetadata.NODE_LABEL, settings.node())
              .inform(handler, RESYNC_MILLIS));
    } else {
      for (String ns : settings.watchNamespaces()) {
        informers.add(
            resources
                .inNamespace(ns)
                .withLabel(PreDumpMetadata.NODE_LABEL, settings.node())
                .inform(handler, RESYNC_MILLIS));
      }
    }
  }

  /** Ready: every informer synced and the Lease held. */
  public boolean ready() {
    return lease.held() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /** The HTTP port bound. */
  public int httpPort() {
    return http.port();
  }

  /** The agent's counters. */
  public AgentMetrics metrics() {
    return metrics;
  }

  /** PreDumps running or queued on this node. */
  public int running() {
    return runs.running();
  }

  /** Stops watching, stops the runs (they thaw) and the endpoints. */
  @Override
  public void close() {
    // Both the shutdown hook and the command's try-with-resources close the agent.
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    informers.forEach(SharedIndexInformer::close);
    try {
      runs.shutdown(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
    if (http != null) {
      http.close();
    }
  }
}
