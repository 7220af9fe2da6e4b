package dev.predump.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC grants every API call the operator and the agent make, and nothing more: the
 * calls come from their {@code *-api-calls.txt}, the grants from the rendered Roles and bindings.
 */
class RbacCoverageTest {

  private static final String OPERATOR_SA = HelmChart.RELEASE + "-predump-operator";
  private static final String AGENT_SA = HelmChart.RELEASE + "-predump-agent";

  /**
   * What JOSDK leader election adds (fabric8's LeaseLock: get, create, update of one Lease). The
   * operator's list names the calls it makes without leader election; the chart grants these on top
   * only when leader election is on.
   */
  private static final Set<ApiCall> LEADER_ELECTION =
      Set.of(
          new ApiCall("coordination.k8s.io", "leases", "get"),
          new ApiCall("coordination.k8s.io", "leases", "create"),
          new ApiCall("coordination.k8s.io", "leases", "update"));

  private static final Set<String> RELEASE_SCOPED_RESOURCES = Set.of("leases");

  private static Set<ApiCall> operatorCalls;
  private static Set<ApiCall> agentCalls;

  @BeforeAll
  static void readCalls() {
    operatorCalls =
        ApiCall.read(
            HelmChart.repoRoot()
                .resolve("operator/src/main/resources/META-INF/predump/operator-api-calls.txt"));
    agentCalls =
        ApiCall.read(HelmChart.moduleDir().resolve("src/test/resources/agent-api-calls.txt"));
  }

  private static Set<ApiCall> withLeaderElection(Set<ApiCall> calls) {
    Set<ApiCall> all = new LinkedHashSet<>(calls);
    all.addAll(LEADER_ELECTION);
    return all;
  }

  @Test
  void singleOperatorIsGrantedExactlyItsCalls() {
    RenderedChart chart = HelmChart.render();

    assertThat(RbacGrants.of(chart, OPERATOR_SA).calls())
        .containsExactlyInAnyOrderElementsOf(operatorCalls);
  }

  @Test
  void replicatedOperatorIsGrantedItsCallsAndLeaderElection() {
    RenderedChart chart = HelmChart.render(Values.defaults().with("operator.replicas", 2));

    assertThat(RbacGrants.of(chart, OPERATOR_SA).calls())
        .containsExactlyInAnyOrderElementsOf(withLeaderElection(operatorCalls));
  }

  @Test
  void agentIsGrantedExactlyItsCalls() {
    RenderedChart chart = HelmChart.render();

    assertThat(RbacGrants.of(chart, AGENT_SA).calls())
        .containsExactlyInAnyOrderElementsOf(agentCalls);
  }

  @Test
  void clusterWideInstallGrantsPreDumpAccessEverywhereAndLeasesInTheReleaseNamespaceOnly() {
    RenderedChart chart = HelmChart.render(Values.defaults().with("operator.replicas", 3));

    assertScopes(RbacGrants.of(chart, OPERATOR_SA), Set.of("<cluster>"));
    assertScopes(RbacGrants.of(chart, AGENT_SA), Set.of("<cluster>"));
  }

  @Test
  void namespacedInstallGrantsOnlyInTheWatchedNamespaces() {
    RenderedChart chart =
        HelmChart.render(
            Values.defaults()
                .with("watchNamespaces", List.of("team-a", "team-b"))
                .with("operator.replicas", 2));

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    RbacGrants operator = RbacGrants.of(chart, OPERATOR_SA);
    RbacGrants agent = RbacGrants.of(chart, AGENT_SA);
    assertThat(operator.calls())
        .containsExactlyInAnyOrderElementsOf(withLeaderElection(operatorCalls));
    assertThat(agent.calls()).containsExactlyInAnyOrderElementsOf(agentCalls);
    assertScopes(operator, Set.of("team-a", "team-b"));
    assertScopes(agent, Set.of("team-a", "team-b"));
  }

  @Test
  void noRuleUsesWildcardsResourceNamesOrNonResourceUrls() {
    for (Values values :
        List.of(
            Values.defaults(),
            Values.defaults().with("operator.replicas", 2),
            Values.defaults().with("watchNamespaces", List.of("team-a")))) {
      RenderedChart chart = HelmChart.render(values);
      Stream<HasMetadata> roles =
          Stream.concat(chart.all(ClusterRole.class).stream(), chart.all(Role.class).stream());
      roles.forEach(
          role -> {
            List<PolicyRule> rules =
                role instanceof ClusterRole c ? c.getRules() : ((Role) role).getRules();
            assertThat(rules).as(role.getMetadata().getName()).isNotEmpty();
            for (PolicyRule rule : rules) {
              String where = role.getKind() + "/" + role.getMetadata().getName() + " " + rule;
              assertThat(rule.getApiGroups()).as(where).isNotEmpty().doesNotContain("*");
              assertThat(rule.getResources())
                  .as(where)
                  .isNotEmpty()
                  .noneMatch(r -> r.contains("*"));
              assertThat(rule.getVerbs()).as(where).isNotEmpty().doesNotContain("*");
              assertThat(rule.getNonResourceURLs()).as(where).isNullOrEmpty();
              assertThat(rule.getResourceNames()).as(where).isNullOrEmpty();
            }
          });
      assertThat(chart.all(ClusterRole.class)).allMatch(c -> c.getAggregationRule() == null);
    }
  }

  @Test
  void everyBindingHasOneServiceAccountOfTheRelease() {
    RenderedChart chart =
        HelmChart.render(Values.defaults().with("watchNamespaces", List.of("team-a")));

    Stream.concat(
            chart.all(ClusterRoleBinding.class).stream().map(b -> b.getSubjects()),
            chart.all(RoleBinding.class).stream().map(b -> b.getSubjects()))
        .forEach(
            subjects ->
                assertThat(subjects)
                    .singleElement()
                    .satisfies(
                        s -> {
                          assertThat(s.getKind()).isEqualTo("ServiceAccount");
                          assertThat(s.getName()).isIn(OPERATOR_SA, AGENT_SA);
                          assertThat(s.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
                        }));
  }

  /** PreDumps, pods and events where the PreDumps live; Leases only in the release namespace. */
  private static void assertScopes(RbacGrants grants, Set<String> watchedScopes) {
    for (ApiCall call : grants.calls()) {
      Set<String> expected =
          RELEASE_SCOPED_RESOURCES.contains(call.resource())
              ? Set.of(HelmChart.NAMESPACE)
              : watchedScopes;
      assertThat(grants.scopesOf(call)).as(call.toString()).isEqualTo(expected);
    }
  }
}
