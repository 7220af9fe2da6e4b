package dev.predump.helm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Value overrides for one render, set by dotted path: {@code Values.defaults().with("storage.type",
 * "hostPath")}. Immutable: {@code with} returns a copy.
 */
final class Values {

  private final Map<String, Object> tree;

  private Values(Map<String, Object> tree) {
    this.tree = tree;
  }

  /** No overrides: the chart's values.yaml as it is. */
  static Values defaults() {
    return new Values(new LinkedHashMap<>());
  }

  /** These overrides plus {@code value} at {@code path}. */
  Values with(String path, Object value) {
    Map<String, Object> copy = deepCopy(tree);
    String[] keys = path.split("\\.");
    Map<String, Object> at = copy;
    for (int i = 0; i < keys.length - 1; i++) {
      at = child(at, keys[i]);
    }
    at.put(keys[keys.length - 1], value);
    return new Values(copy);
  }

  /** The overrides as a values file holds them. */
  Map<String, Object> tree() {
    return deepCopy(tree);
  }

  @Override
  public String toString() {
    return tree.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> source) {
    Map<String, Object> copy = new LinkedHashMap<>();
    source.forEach(
        (key, value) ->
            copy.put(
                key, value instanceof Map<?, ?> map ? deepCopy((Map<String, Object>) map) : value));
    return copy;
  }
}
