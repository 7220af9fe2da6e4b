package dev.predump.helm;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;

/** What the rendered RBAC lets one ServiceAccount do, flattened to single (call, scope) grants. */
final class RbacGrants {

  /** One verb on one resource, cluster-wide ({@code namespace == null}) or in one namespace. */
  record Grant(ApiCall call, String namespace) {}

  private final Set<Grant> grants;

  private RbacGrants(Set<Grant> grants) {
    this.grants = grants;
  }

  /** Everything bound to the ServiceAccount {@code name} of the release namespace. */
  static RbacGrants of(RenderedChart chart, String serviceAccount) {
    Set<Grant> grants = new LinkedHashSet<>();
    for (ClusterRoleBinding binding : chart.all(ClusterRoleBinding.class)) {
      if (binds(binding.getSubjects(), serviceAccount)) {
        grants.addAll(flatten(rules(chart, binding.getRoleRef(), null), null));
      }
    }
    for (RoleBinding binding : chart.all(RoleBinding.class)) {
      if (binds(binding.getSubjects(), serviceAccount)) {
        String namespace = binding.getMetadata().getNamespace();
        grants.addAll(flatten(rules(chart, binding.getRoleRef(), namespace), namespace));
      }
    }
    return new RbacGrants(grants);
  }

  Set<Grant> grants() {
    return grants;
  }

  /** The granted calls, whatever their scope. */
  Set<ApiCall> calls() {
    return grants.stream().map(Grant::call).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The scopes (null: cluster-wide) in which a call is granted. */
  Set<String> scopesOf(ApiCall call) {
    return grants.stream()
        .filter(g -> g.call().equals(call))
        .map(g -> g.namespace() == null ? "<cluster>" : g.namespace())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static boolean binds(List<Subject> subjects, String serviceAccount) {
    return subjects != null
        && subjects.stream()
            .anyMatch(
                s ->
                    "ServiceAccount".equals(s.getKind())
                        && serviceAccount.equals(s.getName())
                        && HelmChart.NAMESPACE.equals(s.getNamespace()));
  }

  private static List<PolicyRule> rules(RenderedChart chart, RoleRef ref, String namespace) {
    if ("ClusterRole".equals(ref.getKind())) {
      return chart.get(ClusterRole.class, ref.getName()).getRules();
    }
    return chart.all(Role.class).stream()
        .filter(r -> r.getMetadata().getName().equals(ref.getName()))
        .filter(r -> r.getMetadata().getNamespace().equals(namespace))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("RoleBinding refers to missing Role " + ref))
        .getRules();
  }

  private static Set<Grant> flatten(List<PolicyRule> rules, String namespace) {
    Set<Grant> out = new LinkedHashSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            out.add(new Grant(new ApiCall(group, resource, verb), namespace));
          }
        }
      }
    }
    return out;
  }
}
