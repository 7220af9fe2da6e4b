package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's cached view of what PreDumps depend on: pods (by PreDump namespace and podName)
 * and the agents' Leases (in the agent namespace). Owns the informers of both; their events
 * reconcile the PreDumps that depend on the changed pod or node.
 */
@ApplicationScoped
public class ClusterView {

  private static final String POD_INDEX = "predump.dev/target-pod";

  private final Bounds bounds;
  private volatile InformerEventSource<Pod, PreDump> pods;
  private volatile InformerEventSource<Lease, PreDump> leases;

  /** A view whose Lease informer watches {@link Bounds#agentNamespace()}. */
  public ClusterView(Bounds bounds) {
    this.bounds = bounds;
  }

  /** Creates the informers of pods and agent Leases, mapping their events to PreDumps. */
  public List<EventSource<?, PreDump>> eventSources(EventSourceContext<PreDump> context) {
    IndexerResourceCache<PreDump> primaries = context.getPrimaryCache();
    primaries.addIndexer(
        POD_INDEX, pd -> List.of(key(pd.getMetadata().getNamespace(), pd.getSpec().getPodName())));
    pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, PreDump.class)
                .withName("pods")
                .withSecondaryToPrimaryMapper(
                    pod ->
                        primaries
                            .byIndex(
                                POD_INDEX,
                                key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()))
                            .stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    leases =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Lease.class, PreDump.class)
                .withName("agent-leases")
                .withNamespaces(Set.of(bounds.agentNamespace()))
                .withSecondaryToPrimaryMapper(
                    lease ->
                        AgentContract.nodeOfLease(lease.getMetadata().getName())
                            .map(
                                node ->
                                    primaries
                                        .list(pd -> dependsOnNode(pd, node))
                                        .map(ResourceID::fromResource)
                                        .collect(Collectors.toSet()))
                            .orElse(Set.of()))
                .build(),
            context);
    return List.of(pods, leases);
  }

  /** Observes the pod and the agent Lease of a PreDump's node at {@code now}. */
  public Observation observe(PreDump preDump, Instant now) {
    Pod pod =
        pods.get(
                new ResourceID(
                    preDump.getSpec().getPodName(), preDump.getMetadata().getNamespace()))
            .orElse(null);
    String node =
        preDump.getStatus() != null && preDump.getStatus().getNodeName() != null
            ? preDump.getStatus().getNodeName()
            : pod == null ? null : pod.getSpec().getNodeName();
    return new Observation(preDump, pod, agentLease(node), now);
  }

  /** The agent Lease of {@code node}, or null when there is none or the node is unknown. */
  public Lease agentLease(String node) {
    if (node == null || node.isEmpty()) {
      return null;
    }
    return leases
        .get(new ResourceID(AgentContract.leaseName(node), bounds.agentNamespace()))
        .orElse(null);
  }

  /** Whether a change of the agent of {@code node} matters to the PreDump. */
  private static boolean dependsOnNode(PreDump pd, String node) {
    if (pd.getStatus() == null || pd.getStatus().getPhase() == null) {
      return true;
    }
    return pd.getStatus().getPhase() == PreDumpPhase.Pending
        || node.equals(pd.getStatus().getNodeName());
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
