package dev.predump.api.v1alpha1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The two writers of {@code PreDump.status} and the fields each owns. The sets are disjoint and
 * together cover every status field.
 *
 * <p>Both write with a JSON merge patch on the status subresource. A merge patch replaces lists
 * wholesale and overwrites every field it names, so a writer that sent the whole status it read a
 * moment ago would erase the other writer's newer values (a round reported in between, a phase set
 * in between). {@link #mergePatch} therefore names only the writer's own fields: each of them, with
 * {@code null} for one that is unset, so that a cleared field is deleted too.
 */
public enum StatusWriter {
  /** The operator: phase, conditions, resolution results, estimates, times and message. */
  OPERATOR(
      List.of(
          "phase",
          "conditions",
          "observedGeneration",
          "nodeName",
          "podUID",
          "containers",
          "estimatedFinalDumpBytes",
          "estimatedFinalDumpMillis",
          "startTime",
          "completionTime",
          "message")),
  /** The node agent: heartbeat, image path, rounds and their outcome. */
  AGENT(
      List.of(
          "agentHeartbeatTime",
          "imagePath",
          "latestRound",
          "latestRoundDirtyBytes",
          "rounds",
          "agentOutcome"));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final List<String> fields;

  StatusWriter(List<String> fields) {
    this.fields = fields;
  }

  /** JSON names of the status fields this writer owns. */
  public List<String> fields() {
    return fields;
  }

  /** Whether this writer owns the status field of that JSON name. */
  public boolean owns(String field) {
    return fields.contains(field);
  }

  /**
   * This writer's fields of {@code status} as JSON values, keyed by field name; unset fields map to
   * {@code null}. Other writers' fields are left out.
   */
  public Map<String, Object> ownFields(PreDumpStatus status) {
    Map<String, Object> all = status == null ? Map.of() : JSON.convertValue(status, MAP);
    Map<String, Object> own = new LinkedHashMap<>();
    for (String field : fields) {
      own.put(field, all.get(field));
    }
    return own;
  }

  /**
   * The JSON merge patch ({@code application/merge-patch+json}) body that sets this writer's fields
   * to those of {@code status} and leaves every other field alone: {@code {"status":{...}}}. Send
   * it to the status subresource. Both the operator and the agent send {@link StatusPatch} (a JSON
   * Patch) instead: the fabric8 mock API server appends to arrays on a merge patch.
   */
  public String mergePatch(PreDumpStatus status) {
    try {
      return JSON.writeValueAsString(Map.of("status", ownFields(status)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize the status of a PreDump", e);
    }
  }

  /**
   * Whether this writer's fields are the same in both statuses; when they are, the writer has
   * nothing to patch.
   */
  public boolean sameOwnFields(PreDumpStatus a, PreDumpStatus b) {
    return Objects.equals(ownFields(a), ownFields(b));
  }
}
