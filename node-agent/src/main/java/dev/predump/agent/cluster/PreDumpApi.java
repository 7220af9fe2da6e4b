package dev.predump.agent.cluster;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.StatusPatch;
import dev.predump.api.v1alpha1.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's writes to one PreDump: its own status fields and its finalizer. Both are JSON Patches
 * (RFC 6902): the fabric8 mock API server appends the arrays of a JSON merge patch to the stored
 * ones, and a finalizer list must be replaced exactly. No {@code test} op (the mock never answers a
 * failing one); the finalizer patch is guarded by the resourceVersion instead.
 */
public final class PreDumpApi {
  private static final PatchContext JSON_PATCH = PatchContext.of(PatchType.JSON);
  private static final PatchContext MERGE_PATCH = PatchContext.of(PatchType.JSON_MERGE);
  private static final int CONFLICT_RETRIES = 5;

  private final KubernetesClient client;

  /** Writes through {@code client}. */
  public PreDumpApi(KubernetesClient client) {
    this.client = client;
  }

  Resource<PreDump> resource(String namespace, String name) {
    return client.resources(PreDump.class).inNamespace(namespace).withName(name);
  }

  /** The PreDump as the API server has it now, or null when it is gone. */
  public PreDump get(String namespace, String name) {
    return resource(namespace, name).get();
  }

  /**
   * Changes the agent's status fields ({@link StatusWriter#AGENT}) that differ between {@code
   * observed} (what the agent last wrote, or read) and {@code desired}, with {@link StatusPatch}.
   * No query string, which the mock would silently drop.
   */
  public void patchStatus(
      String namespace, String name, PreDumpStatus observed, PreDumpStatus desired) {
    String ops = StatusPatch.of(StatusWriter.AGENT, observed, desired);
    if (!"[]".equals(ops)) {
      resource(namespace, name).subresource("status").patch(JSON_PATCH, ops);
    }
  }

  /** Adds {@code finalizer} unless present; returns false when the PreDump is gone. */
  public boolean addFinalizer(String namespace, String name, String finalizer) {
    return editFinalizers(namespace, name, finalizer, true);
  }

  /** Removes {@code finalizer} if present; returns false when the PreDump is gone. */
  public boolean removeFinalizer(String namespace, String name, String finalizer) {
    return editFinalizers(namespace, name, finalizer, false);
  }

  private boolean editFinalizers(String namespace, String name, String finalizer, boolean add) {
    for (int attempt = 1; ; attempt++) {
      PreDump current = get(namespace, name);
      if (current == null) {
        return false;
      }
      List<String> finalizers =
          new ArrayList<>(
              Objects.requireNonNullElse(current.getMetadata().getFinalizers(), List.of()));
      boolean present = finalizers.contains(finalizer);
      if (present == add) {
        return true;
      }
      if (add) {
        finalizers.add(finalizer);
      } else {
        finalizers.remove(finalizer);
      }
      String rv = current.getMetadata().getResourceVersion();
      try {
        if (current.getMetadata().getFinalizers() == null
            || current.getMetadata().getFinalizers().isEmpty()) {
          // No list yet: a merge patch creates it (the mock leaves a JSON Patch that adds an
          // absent list unanswered). The resourceVersion makes a stale write fail with 409.
          Map<String, Object> meta = new LinkedHashMap<>();
          meta.put("resourceVersion", rv);
          meta.put("finalizers", finalizers);
          resource(namespace, name)
              .patch(MERGE_PATCH, Serialization.asJson(Map.of("metadata", meta)));
          return true;
        }
        // A JSON Patch replaces the list exactly (the mock appends the arrays of a merge patch);
        // the resourceVersion in the patched object makes a stale write fail with 409.
        List<Map<String, Object>> ops =
            List.of(
                op("replace", "/metadata/resourceVersion", rv),
                op("replace", "/metadata/finalizers", finalizers));
        resource(namespace, name).patch(JSON_PATCH, Serialization.asJson(ops));
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return false;
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
  }

  private static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    m.put("value", value);
    return m;
  }
}
