package dev.predump.agent.cluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;

/**
 * The Lease {@code predump-agent-<node>} that tells the operator this node is served; renewed by
 * {@link #renew} (get, then create or update: the calls the chart's RBAC grants).
 */
public final class NodeLease {
  private static final Logger LOG = Logger.getLogger(NodeLease.class.getName());

  /** Name prefix the operator looks for ({@code AgentContract.LEASE_PREFIX}). */
  public static final String PREFIX = "predump-agent-";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String holder;
  private volatile boolean held;

  /** The Lease of {@code node} in {@code namespace}, held by {@code holder}. */
  public NodeLease(KubernetesClient client, String namespace, String node, String holder) {
    this.client = client;
    this.namespace = namespace;
    this.name = PREFIX + node;
    this.holder = holder;
  }

  /** The Lease's name. */
  public String name() {
    return name;
  }

  /** Whether the last renewal succeeded. */
  public boolean held() {
    return held;
  }

  /** Creates or renews the Lease; returns whether it worked. Never throws. */
  public boolean renew() {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    try {
      Lease current = client.leases().inNamespace(namespace).withName(name).get();
      if (current == null) {
        client
            .leases()
            .inNamespace(namespace)
            .resource(
                new LeaseBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewSpec()
                    .withHolderIdentity(holder)
                    .withLeaseDurationSeconds(30)
                    .withAcquireTime(now)
                    .withRenewTime(now)
                    .endSpec()
                    .build())
            .create();
      } else {
        current.getSpec().setHolderIdentity(holder);
        current.getSpec().setLeaseDurationSeconds(30);
        current.getSpec().setRenewTime(now);
        if (current.getSpec().getAcquireTime() == null) {
          current.getSpec().setAcquireTime(now);
        }
        client.leases().inNamespace(namespace).resource(current).update();
      }
      held = true;
    } catch (KubernetesClientException e) {
      // A conflict or a blip: the next renewal, within the contract's 10 s, tries again.
      held = false;
      LOG.warning("Lease " + namespace + "/" + name + " not renewed: " + e.getMessage());
    }
    return held;
  }
}
