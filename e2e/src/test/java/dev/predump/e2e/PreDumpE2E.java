package dev.predump.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.engine.LiveComparison;
import dev.predump.agent.engine.Target;
import dev.predump.agent.engine.Targets;
import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.api.v1alpha1.OnDelete;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpSpec;
import dev.predump.api.v1alpha1.RoundPolicy;
import dev.predump.api.v1alpha1.TrackingMode;
import dev.predump.image.ChainVerifier;
import dev.predump.image.VerificationReport;
import dev.predump.localcluster.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator jar and agent jars as separate processes against a local API server, PreDumps of
 * pods whose containers are real workloads in real cgroups.
 */
class PreDumpE2E {
  private static final long MIB = 1 << 20;

  @RegisterExtension final Cluster cluster = new Cluster();

  @Test
  void aStaticWorkloadConvergesAndSucceeds() throws Exception {
    cluster.agent("node-a");
    Workload w = cluster.workload(16 * MIB, 0);
    cluster.pod("web", "node-a", w);
    cluster.create("converge", spec("web", 8, "0s", OnDelete.Delete));

    PreDump done = cluster.awaitTerminal("converge");

    assertThat(done.getStatus().getPhase()).as(describe(done)).isEqualTo(PreDumpPhase.Succeeded);
    assertThat(done.getStatus().getAgentOutcome().getReason()).isEqualTo(PreDumpReason.Converged);
    assertThat(done.getStatus().getNodeName()).isEqualTo("node-a");
    Path chain = Path.of(done.getStatus().getImagePath()).resolve("app");
    assertThat(chain).startsWith(cluster.storage("node-a"));
    verifyChain(chain);
    compareWithLive(chain, w);
    assertThat(w.isFrozen()).isFalse();
    assertThat(w.process().check()).isTrue();
  }

  @Test
  void roundsStopAtTheMaximumWithoutConverging() throws Exception {
    cluster.agent("node-a");
    Workload w = cluster.workload(8 * MIB, 0);
    cluster.pod("web", "node-a", w);
    PreDumpSpec spec = spec("web", 2, "0s", OnDelete.Delete);
    // From round 3 on a static workload may as well end NotConverging: two rounds are certain.
    spec.getRounds().setConvergeBelow(0L);
    spec.getRounds().setMaxGrowthPercent(1000);
    cluster.create("max-rounds", spec);

    PreDump done = cluster.awaitTerminal("max-rounds");

    assertThat(done.getStatus().getPhase()).as(describe(done)).isEqualTo(PreDumpPhase.Succeeded);
    assertThat(done.getStatus().getAgentOutcome().getReason())
        .isEqualTo(PreDumpReason.MaxRoundsReached);
    assertThat(done.getStatus().getRounds()).extracting(r -> r.getRound()).containsExactly(1, 2);
    Path chain = Path.of(done.getStatus().getImagePath()).resolve("app");
    assertThat(verifyChain(chain).levels()).hasSize(2);
    compareWithLive(chain, w);
    assertThat(w.isFrozen()).isFalse();
  }

  @Test
  void anInvalidSpecFailsWithInvalidSpec() throws Exception {
    cluster.agent("node-a");
    Workload w = cluster.workload(4 * MIB, 0);
    cluster.pod("web", "node-a", w);
    PreDumpSpec spec = spec("web", 3, "0s", OnDelete.Delete);
    spec.setFreezeBudget("soon");
    cluster.create("invalid", spec);

    PreDump done = cluster.awaitTerminal("invalid");

    assertThat(done.getStatus().getPhase()).as(describe(done)).isEqualTo(PreDumpPhase.Failed);
    assertThat(done.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo(PreDumpReason.InvalidSpec.name()));
    assertThat(done.getStatus().getRounds()).isEmpty();
    assertThat(done.getMetadata().getLabels()).doesNotContainKey(PreDumpMetadata.NODE_LABEL);
    assertThat(w.isFrozen()).isFalse();
  }

  @Test
  void deletingARunningPreDumpCancelsItAndRetainsTheImages() throws Exception {
    cluster.agent("node-a");
    Workload w = cluster.workload(8 * MIB, 0.05);
    cluster.pod("web", "node-a", w);
    PreDumpSpec spec = spec("web", 100, "300ms", OnDelete.Retain);
    spec.getRounds().setConvergeBelow(0L);
    spec.getRounds().setMaxGrowthPercent(1000);
    cluster.create("cancel", spec);
    PreDump running =
        cluster.await(
            "cancel",
            Duration.ofSeconds(60),
            pd ->
                pd.getStatus() != null
                    && pd.getStatus().getLatestRound() != null
                    && pd.getStatus().getLatestRound() >= 2);
    assertThat(running.getMetadata().getFinalizers()).contains(PreDumpMetadata.AGENT_FINALIZER);
    Path image = Path.of(running.getStatus().getImagePath());

    cluster.client().resource(running).delete();

    cluster.awaitGone("cancel", Duration.ofSeconds(30));
    assertThat(w.isFrozen()).isFalse();
    assertThat(w.process().check()).isTrue();
    // Retain: the chain stays, complete rounds only.
    verifyChain(image.resolve("app"));
    assertThat(frozenMarkers("node-a")).isZero();
  }

  @Test
  void twoNodesServeTheirPreDumpsAtOnce() throws Exception {
    cluster.agent("node-a");
    cluster.agent("node-b");
    Workload wa = cluster.workload(8 * MIB, 0);
    Workload wb = cluster.workload(8 * MIB, 0);
    cluster.pod("web-a", "node-a", wa);
    cluster.pod("web-b", "node-b", wb);
    cluster.create("on-a", spec("web-a", 4, "200ms", OnDelete.Delete));
    cluster.create("on-b", spec("web-b", 4, "200ms", OnDelete.Delete));

    PreDump a = cluster.awaitTerminal("on-a");
    PreDump b = cluster.awaitTerminal("on-b");

    for (var pair : java.util.List.of(java.util.Map.entry(a, wa), java.util.Map.entry(b, wb))) {
      PreDump done = pair.getKey();
      assertThat(done.getStatus().getPhase()).as(describe(done)).isEqualTo(PreDumpPhase.Succeeded);
      Path chain = Path.of(done.getStatus().getImagePath()).resolve("app");
      verifyChain(chain);
      compareWithLive(chain, pair.getValue());
      assertThat(pair.getValue().isFrozen()).isFalse();
    }
    assertThat(a.getStatus().getNodeName()).isEqualTo("node-a");
    assertThat(b.getStatus().getNodeName()).isEqualTo("node-b");
    assertThat(Path.of(a.getStatus().getImagePath())).startsWith(cluster.storage("node-a"));
    assertThat(Path.of(b.getStatus().getImagePath())).startsWith(cluster.storage("node-b"));
  }

  @Test
  void aWorkloadThatExitsMidRunEndsThePreDumpWithAClearReason() throws Exception {
    cluster.agent("node-a");
    Workload w = cluster.workload(8 * MIB, 0.05);
    cluster.pod("web", "node-a", w);
    PreDumpSpec spec = spec("web", 100, "300ms", OnDelete.Retain);
    spec.getRounds().setConvergeBelow(0L);
    spec.getRounds().setMaxGrowthPercent(1000);
    cluster.create("exits", spec);
    cluster.await(
        "exits",
        Duration.ofSeconds(60),
        pd ->
            pd.getStatus() != null
                && pd.getStatus().getLatestRound() != null
                && pd.getStatus().getLatestRound() >= 2);

    w.process().close();

    PreDump done = cluster.awaitTerminal("exits");
    assertThat(done.getStatus().getPhase()).as(describe(done)).isEqualTo(PreDumpPhase.Failed);
    assertThat(done.getStatus().getAgentOutcome().getReason())
        .as(describe(done))
        .isEqualTo(PreDumpReason.TargetExited);
    assertThat(w.isFrozen()).isFalse();
    verifyChain(Path.of(done.getStatus().getImagePath()).resolve("app"));
  }

  @Test
  void anAgentKilledWhileTheWorkloadIsFrozenLeavesItThawedAndIsReplaced() throws Exception {
    // Each freeze is held 2.5 s, so that the kill lands inside one.
    cluster.agent("node-a", "-Dpredump.fault.holdFrozenMillis=2500");
    Workload w = cluster.workload(8 * MIB, 0);
    cluster.pod("web", "node-a", w);
    PreDumpSpec spec = spec("web", 3, "0s", OnDelete.Delete);
    spec.getRounds().setConvergeBelow(0L);
    spec.getRounds().setMaxGrowthPercent(1000);
    spec.setFreezeBudget("5s");
    cluster.create("killed", spec);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> w.isFrozen() || isTerminal(cluster.get("killed")));
    assertThat(w.isFrozen()).as(describe(cluster.get("killed"))).isTrue();

    cluster.killAgent("node-a");
    // The agent's thaw guard outlives it: the workload is thawed before any new agent starts.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !w.isFrozen());
    cluster.agent("node-a");

    PreDump done = cluster.awaitTerminal("killed");
    if (done.getStatus().getPhase() == PreDumpPhase.Succeeded) {
      Path chain = Path.of(done.getStatus().getImagePath()).resolve("app");
      verifyChain(chain);
      compareWithLive(chain, w);
    } else {
      assertThat(done.getStatus().getMessage()).as(describe(done)).isNotBlank();
    }
    assertThat(w.isFrozen()).isFalse();
    assertThat(w.process().check()).isTrue();
    assertThat(frozenMarkers("node-a")).isZero();
  }

  @Test
  void storageThatCannotBeWrittenFailsThePreDump() throws Exception {
    // The storage root is a regular file: nothing can be created below it, even by root.
    Files.createDirectories(cluster.storage("node-a").getParent());
    Files.writeString(cluster.storage("node-a"), "not a directory");
    cluster.agent("node-a");
    Workload w = cluster.workload(4 * MIB, 0);
    cluster.pod("web", "node-a", w);
    cluster.create("no-storage", spec("web", 3, "0s", OnDelete.Delete));

    PreDump done = cluster.awaitTerminal("no-storage");

    assertThat(done.getStatus().getPhase()).as(describe(done)).isEqualTo(PreDumpPhase.Failed);
    assertThat(done.getStatus().getMessage()).as(describe(done)).contains("storage-node-a");
    assertThat(done.getStatus().getAgentOutcome().getReason())
        .as(describe(done))
        .isEqualTo(PreDumpReason.StorageFull);
    assertThat(done.getStatus().getAgentOutcome().getMessage())
        .startsWith("image storage not writable: cannot create ");
    assertThat(w.isFrozen()).isFalse();
    assertThat(w.process().check()).isTrue();
  }

  private static boolean isTerminal(PreDump pd) {
    return pd != null
        && pd.getStatus() != null
        && pd.getStatus().getPhase() != null
        && pd.getStatus().getPhase().isTerminal();
  }

  private long frozenMarkers(String node) throws Exception {
    Path dir = cluster.storage(node).resolve(".agent").resolve(node).resolve("frozen");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var list = Files.list(dir)) {
      return list.count();
    }
  }

  private static VerificationReport verifyChain(Path chain) throws Exception {
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.ok()).as("chain %s: %s", chain, report).isTrue();
    return report;
  }

  /**
   * The chain holds the workload's memory as it is now: its pattern byte for byte (a static
   * workload); the workload JVM's own heap and stacks may have moved since the last round.
   */
  private static void compareWithLive(Path chain, Workload w) throws Exception {
    try (Target t = Targets.cgroup(w.cgroup())) {
      LiveComparison.Result r = LiveComparison.compare(chain, t, Duration.ofSeconds(5));
      assertThat(r.processes()).isEqualTo(1);
      assertThat(r.pagesCompared()).isGreaterThanOrEqualTo(w.process().pages());
      List<Long> inPattern = new ArrayList<>();
      for (List<Long> addresses : r.differing().values()) {
        for (long a : addresses) {
          for (WorkloadProcess.Region region : w.process().regions()) {
            if (a >= region.start() && a < region.end()) {
              inPattern.add(a);
            }
          }
        }
      }
      assertThat(inPattern).as("differing pattern pages").isEmpty();
      assertThat(r.livePagesMissing()).isLessThan(r.pagesCompared() / 10);
    }
    assertThat(w.isFrozen()).isFalse();
  }

  private static String describe(PreDump pd) {
    return "status " + (pd.getStatus() == null ? null : pd.getStatus().toString());
  }

  private static PreDumpSpec spec(String pod, int rounds, String interval, OnDelete onDelete) {
    PreDumpSpec spec = new PreDumpSpec();
    spec.setPodName(pod);
    RoundPolicy r = new RoundPolicy();
    r.setMax(rounds);
    r.setInterval(interval);
    spec.setRounds(r);
    spec.setTracking(TrackingMode.Hash);
    spec.setFreezeBudget("2s");
    spec.setTimeout("2m");
    spec.getRetention().setOnDelete(onDelete);
    return spec;
  }
}
