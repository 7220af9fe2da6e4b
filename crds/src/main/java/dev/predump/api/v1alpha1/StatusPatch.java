package dev.predump.api.v1alpha1;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON Patch (RFC 6902) for the status subresource that changes only one writer's fields, and
 * only those that differ: {@code add} (which replaces a present member) for a set field, {@code
 * remove} for one that was set and is now unset. Same guarantee as {@link StatusWriter#mergePatch}
 * (the other writer's fields are never named), but lists are replaced exactly on every API server:
 * the fabric8 mock server merges arrays of a JSON merge patch by appending to them. Pure.
 */
public final class StatusPatch {

  private StatusPatch() {}

  /**
   * The operations that turn {@code writer}'s fields of {@code observed} into those of {@code
   * desired}, as JSON; {@code "[]"} when nothing changed.
   */
  public static String of(StatusWriter writer, PreDumpStatus observed, PreDumpStatus desired) {
    List<Map<String, Object>> ops = new ArrayList<>();
    if (observed == null) {
      ops.add(op("add", "/status", Map.of()));
    }
    Map<String, Object> before = writer.ownFields(observed);
    Map<String, Object> after = writer.ownFields(desired);
    for (String field : writer.fields()) {
      Object was = before.get(field);
      Object now = after.get(field);
      if (Objects.equals(was, now)) {
        continue;
      }
      if (now == null) {
        ops.add(op("remove", "/status/" + field, null));
      } else {
        ops.add(op("add", "/status/" + field, now));
      }
    }
    return Serialization.asJson(ops);
  }

  private static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    if (!"remove".equals(op)) {
      m.put("value", value);
    }
    return m;
  }
}
