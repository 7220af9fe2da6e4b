package dev.predump.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * At start-up, before the operator starts its informers: logs the API server the operator talks to
 * and exits with one clear line when it cannot be reached, instead of a stack trace after minutes
 * of retries.
 */
@ApplicationScoped
public class ApiServerCheck {

  private static final Logger LOG = Logger.getLogger(ApiServerCheck.class);

  private final KubernetesClient client;
  private final Bounds bounds;

  /** A check of the API server {@code client} is configured for. */
  public ApiServerCheck(KubernetesClient client, Bounds bounds) {
    this.client = client;
    this.bounds = bounds;
  }

  /** Runs before quarkus-operator-sdk starts the operator (which observes at a later priority). */
  void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
    String url = String.valueOf(client.getMasterUrl());
    LOG.infof(
        "Talking to the Kubernetes API server at %s (agent Leases in namespace %s)",
        url, bounds.agentNamespace());
    try {
      client.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      if (e.getCode() > 0) {
        // It answered, just not with a version: reachable, and the informers will say the rest.
        return;
      }
      LOG.errorf("Cannot reach the Kubernetes API server at %s: %s", url, rootCause(e));
      // Nothing has started yet that needs an orderly shutdown; exiting through Quarkus here would
      // still start the operator and print its retries.
      Runtime.getRuntime().halt(1);
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
