package dev.predump.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.predump.agent.proc.ProcMaps;
import dev.predump.agent.proc.ProcStat;
import dev.predump.agent.proc.ProcessIdentity;
import dev.predump.agent.proc.Vma;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Capture (the frozen window's reads) and parse (after the thaw) on live processes: this JVM and a
 * {@code sleep} child. Nothing is frozen; what is checked is that a reused snapshot gives exactly
 * what reading the files directly gives, round after round.
 */
class FrozenCollectorIT {

  private final FrozenCollector collector = new FrozenCollector(KernelPages.live(), false);
  private final FrozenCollector.Snapshot snapshot = new FrozenCollector.Snapshot();
  private final int self = (int) ProcessHandle.current().pid();

  @Test
  void aReusedSnapshotGivesWhatTheFilesSayRoundAfterRound() throws Exception {
    Process child = new ProcessBuilder("sleep", "60").start();
    try {
      int sleeper = (int) child.pid();
      // Its maps settle once it has exec'd sleep (the JDK starts it through a helper) and sleeps.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                ProcStat.Fields stat = ProcStat.read(sleeper);
                return stat.comm().equals("sleep") && stat.state() == 'S';
              });

      assertThat(collector.capture(pids(self, sleeper), snapshot, () -> false)).isTrue();
      List<FrozenProcess> both = collector.parse(snapshot);

      assertThat(both)
          .extracting(p -> p.identity().hostPid())
          .containsExactly(Math.min(self, sleeper), Math.max(self, sleeper));
      FrozenProcess sleep =
          both.stream().filter(p -> p.identity().hostPid() == sleeper).findFirst().orElseThrow();
      assertThat(sleep.identity()).isEqualTo(ProcessIdentity.of(sleeper));
      List<Vma> all = ProcMaps.read(sleeper);
      assertThat(sleep.mappingCount()).isEqualTo(all.size());
      assertThat(sleep.mappings()).isEqualTo(all.stream().filter(MappingRules::candidate).toList());
      assertThat(sleep.softDirty()).isNull();

      // The child is gone in the next round: left out, not reported with last round's texts.
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(collector.capture(pids(self, sleeper), snapshot, () -> false)).isTrue();
      assertThat(collector.parse(snapshot))
          .extracting(p -> p.identity().hostPid())
          .containsExactly(self);

      // Fewer processes than the snapshot has room for: only this round's.
      assertThat(collector.capture(pids(self), snapshot, () -> false)).isTrue();
      List<FrozenProcess> one = collector.parse(snapshot);
      assertThat(one)
          .singleElement()
          .satisfies(p -> assertThat(p.identity()).isEqualTo(ProcessIdentity.of(self)));
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aSpentBudgetStopsTheCapture() throws Exception {
    assertThat(collector.capture(pids(self), snapshot, () -> true)).isFalse();
  }

  private static Set<Integer> pids(Integer... pids) {
    return new TreeSet<>(List.of(pids));
  }
}
