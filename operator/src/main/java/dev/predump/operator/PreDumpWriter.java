package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.StatusPatch;
import dev.predump.api.v1alpha1.StatusWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every write the operator makes to PreDumps. Status goes as a JSON merge patch of the operator's
 * own fields only ({@link StatusWriter#OPERATOR}) to the status subresource, so the agent's fields
 * written meanwhile survive; the response is put into JOSDK's cache so the next reconcile sees it.
 */
@ApplicationScoped
public class PreDumpWriter {

  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
  private static final PatchContext JSON_PATCH = PatchContext.of(PatchType.JSON);

  private final KubernetesClient client;

  /** A writer using {@code client}. */
  public PreDumpWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Patches the operator's status fields that differ from the observed ones to those of {@code
   * desired} ({@link StatusPatch}); returns the result.
   */
  public PreDump patchStatus(Context<PreDump> context, PreDump preDump, PreDumpStatus desired) {
    String body = StatusPatch.of(StatusWriter.OPERATOR, preDump.getStatus(), desired);
    return context
        .resourceOperations()
        .resourcePatch(
            preDump,
            r -> resource(r).subresource("status").patch(JSON_PATCH, body),
            context.eventSourceRetriever().getControllerEventSource());
  }

  /** Sets the label {@code predump.dev/node=<node>} unless it is already there. */
  public PreDump labelNode(Context<PreDump> context, PreDump preDump, String node) {
    Map<String, String> labels = preDump.getMetadata().getLabels();
    if (labels != null && node.equals(labels.get(PreDumpMetadata.NODE_LABEL))) {
      return preDump;
    }
    Map<String, Object> patch =
        Map.of("metadata", Map.of("labels", Map.of(PreDumpMetadata.NODE_LABEL, node)));
    String body = Serialization.asJson(patch);
    return context
        .resourceOperations()
        .resourcePatch(
            preDump,
            r -> resource(r).patch(MERGE, body),
            context.eventSourceRetriever().getControllerEventSource());
  }

  /**
   * Removes one finalizer, guarded by the resourceVersion read: a conflict (HTTP 409) fails the
   * call instead of dropping a finalizer someone added meanwhile.
   */
  public void removeFinalizer(PreDump preDump, String finalizer) {
    List<String> remaining = new ArrayList<>(preDump.getMetadata().getFinalizers());
    if (!remaining.remove(finalizer)) {
      return;
    }
    // A JSON Patch, since the mock API server appends to arrays of a merge patch; the
    // resourceVersion in the result makes the API server answer 409 if the object changed.
    List<Map<String, Object>> ops =
        List.of(
            op("/metadata/resourceVersion", preDump.getMetadata().getResourceVersion()),
            op("/metadata/finalizers", remaining));
    resource(preDump).patch(JSON_PATCH, Serialization.asJson(ops));
  }

  private static Map<String, Object> op(String path, Object value) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("op", "replace");
    op.put("path", path);
    op.put("value", value);
    return op;
  }

  /** Deletes the PreDump (its finalizers then run). */
  public void delete(PreDump preDump) {
    resource(preDump).delete();
  }

  private Resource<PreDump> resource(HasMetadata preDump) {
    return client
        .resources(PreDump.class)
        .inNamespace(preDump.getMetadata().getNamespace())
        .withName(preDump.getMetadata().getName());
  }
}
