package dev.predump.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Produces the {@link Bounds} from the configuration and the {@link Clock} the operator uses. */
@ApplicationScoped
public class BoundsProducer {

  /** The bounds; the agent namespace defaults to the namespace the client is configured for. */
  @Produces
  @Singleton
  Bounds bounds(OperatorSettings settings, KubernetesClient client) {
    String namespace =
        settings
            .agent()
            .namespace()
            .filter(ns -> !ns.isBlank())
            .orElseGet(() -> client.getNamespace() == null ? "default" : client.getNamespace());
    return new Bounds(
        settings.maxRunningPerNode(),
        settings.maxRunning(),
        namespace,
        settings.agent().leaseStaleAfter(),
        settings.agent().missingGrace(),
        settings.agent().silentAfter(),
        settings.agent().releaseAfter(),
        settings.timeoutGrace(),
        settings.podWait(),
        settings.queueRecheck());
  }

  /** The concurrency limits, shared by all reconciles. */
  @Produces
  @Singleton
  ConcurrencySlots slots(Bounds bounds) {
    return new ConcurrencySlots(bounds);
  }

  /** The phase machine. */
  @Produces
  @Singleton
  PhaseDecider decider(Bounds bounds) {
    return new PhaseDecider(bounds);
  }

  /** Wall-clock time in UTC. */
  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
