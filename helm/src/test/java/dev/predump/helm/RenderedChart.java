package dev.predump.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The objects of one {@code helm template} run, typed by the fabric8 model. */
final class RenderedChart {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<HasMetadata> objects;

  private RenderedChart(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  /** Splits the multi-document manifest; unknown kinds become GenericKubernetesResources. */
  static RenderedChart parse(String manifest) {
    List<HasMetadata> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        HelmChart.YAML.readerFor(JsonNode.class).readValues(manifest)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        objects.add(SERIALIZATION.unmarshal(doc.toString(), HasMetadata.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Rendered manifest is not YAML:\n" + manifest, e);
    }
    return new RenderedChart(objects);
  }

  List<HasMetadata> objects() {
    return objects;
  }

  /** Every rendered object of a kind, in rendering order. */
  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "No " + type.getSimpleName() + " named " + name + " in:\n" + kindsAndNames()));
  }

  Deployment operator() {
    return get(Deployment.class, HelmChart.RELEASE + "-predump-operator");
  }

  DaemonSet agent() {
    return get(DaemonSet.class, HelmChart.RELEASE + "-predump-agent");
  }

  /** "Kind/name" of every object, one a line: for failure messages. */
  String kindsAndNames() {
    StringBuilder out = new StringBuilder();
    for (HasMetadata o : objects) {
      out.append(o.getKind()).append('/').append(o.getMetadata().getName()).append('\n');
    }
    return out.toString();
  }
}
