package dev.predump.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Turns on JOSDK's leader election when {@code predump.leader-election.enabled} is true (for a
 * Deployment with more than one replica); quarkus-operator-sdk picks the configuration up. Off, the
 * producer yields null and the operator reconciles without a Lease.
 */
@ApplicationScoped
public class LeaderElectionProducer {

  /** The leader election configuration, or null when it is off. */
  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(OperatorSettings settings, KubernetesClient client) {
    String namespace =
        settings
            .leaderElection()
            .namespace()
            .orElseGet(() -> client.getNamespace() == null ? "default" : client.getNamespace());
    if (!settings.leaderElection().enabled()) {
      return null;
    }
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
            settings.leaderElection().leaseName())
        .withLeaseNamespace(namespace)
        .build();
  }
}
