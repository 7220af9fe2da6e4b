package dev.predump.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ClusterRole that quarkus-operator-sdk generates (target/kubernetes/kubernetes.yml, from the
 * controller and its {@code @RBACRule}s) grants every API call listed in operator-api-calls.txt.
 */
class RbacCoversApiCallsIT {

  @Test
  void generatedClusterRoleGrantsEveryCall() throws IOException {
    List<HasMetadata> manifests;
    try (InputStream in = Files.newInputStream(Path.of("target/kubernetes/kubernetes.yml"))) {
      manifests = Serialization.unmarshal(in);
    }
    List<PolicyRule> rules =
        manifests.stream()
            .filter(ClusterRole.class::isInstance)
            .map(ClusterRole.class::cast)
            .flatMap(r -> r.getRules().stream())
            .toList();
    List<String[]> calls = apiCalls();
    assertThat(calls).hasSizeGreaterThan(5);
    for (String[] call : calls) {
      assertThat(rules)
          .as("a rule granting %s %s %s", call[0], call[1], call[2])
          .anySatisfy(
              r -> {
                assertThat(r.getApiGroups()).contains(call[0]);
                assertThat(r.getResources()).contains(call[1]);
                assertThat(r.getVerbs()).contains(call[2]);
              });
    }
  }

  /** The listed calls as {group, resource, verb}, the core group as "". */
  static List<String[]> apiCalls() throws IOException {
    try (InputStream in =
        RbacCoversApiCallsIT.class.getResourceAsStream(
            "/META-INF/predump/operator-api-calls.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(l -> l.split("\\s+"))
          .peek(p -> assertThat(p).as("group resource verb").hasSize(3))
          .map(p -> new String[] {"\"\"".equals(p[0]) ? "" : p[0], p[1], p[2]})
          .toList();
    }
  }
}
