package dev.predump.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.engine.DumpOptions;
import dev.predump.agent.engine.RoundStats;
import dev.predump.agent.engine.RunResult;
import dev.predump.agent.engine.StopReason;
import dev.predump.agent.engine.Tracking;
import dev.predump.api.v1alpha1.AgentOutcome;
import dev.predump.api.v1alpha1.AgentResult;
import dev.predump.api.v1alpha1.DirtyTracker;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpSpec;
import dev.predump.api.v1alpha1.RoundPolicy;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.api.v1alpha1.TrackingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The translation between the PreDump API and the engine. */
class SpecOptionsTest {

  @Test
  void defaultsOfTheApiAreTheEngineDefaults() {
    DumpOptions o = SpecOptions.of(new PreDumpSpec());
    DumpOptions d = DumpOptions.defaults();
    assertThat(o.stopPolicy()).isEqualTo(d.stopPolicy());
    assertThat(o.freezeBudget()).isEqualTo(d.freezeBudget());
    assertThat(o.timeout()).isEqualTo(d.timeout());
    assertThat(o.tracking()).isEqualTo(Tracking.AUTO);
    assertThat(o.interval()).isEqualTo(Duration.ZERO);
  }

  @Test
  void everyFieldIsMapped() {
    PreDumpSpec spec = new PreDumpSpec();
    RoundPolicy r = new RoundPolicy();
    r.setMax(3);
    r.setInterval("1.5s");
    r.setConvergeBelow(4096L);
    r.setMaxGrowthPercent(0);
    spec.setRounds(r);
    spec.setTracking(TrackingMode.Hash);
    spec.setFreezeBudget("250ms");
    spec.setBandwidth(1000L);
    spec.setTimeout("2m");
    DumpOptions o = SpecOptions.of(spec);
    assertThat(o.stopPolicy().maxRounds()).isEqualTo(3);
    assertThat(o.stopPolicy().convergeBelowBytes()).isEqualTo(4096);
    assertThat(o.stopPolicy().maxGrowthPercent()).isZero();
    assertThat(o.interval()).isEqualTo(Duration.ofMillis(1500));
    assertThat(o.tracking()).isEqualTo(Tracking.HASH);
    assertThat(o.freezeBudget()).isEqualTo(Duration.ofMillis(250));
    assertThat(o.bandwidthBytesPerSecond()).isEqualTo(1000);
    assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void deadlineCountsFromTheOperatorsStartTime() {
    Instant now = Instant.parse("2026-01-01T00:10:00Z");
    assertThat(SpecOptions.deadline("2026-01-01T00:00:00Z", Duration.ofMinutes(30), now))
        .isEqualTo(Instant.parse("2026-01-01T00:30:00Z"));
    assertThat(SpecOptions.deadline(null, Duration.ofMinutes(30), now))
        .isEqualTo(now.plus(Duration.ofMinutes(30)));
  }

  @Test
  void roundStatusCarriesCriuFiguresInMicros() {
    RoundStats s = stats(2, Tracking.HASH);
    RoundStatus r = SpecOptions.roundStatus(s, Instant.parse("2026-01-01T00:00:01.123456789Z"));
    assertThat(r.getRound()).isEqualTo(2);
    assertThat(r.getTracker()).isEqualTo(DirtyTracker.Hash);
    assertThat(r.getFrozenTimeMicros()).isEqualTo(4200);
    assertThat(r.getPagesWritten()).isEqualTo(10);
    assertThat(r.getDirtyBytes()).isEqualTo(10 * 4096);
    assertThat(r.getCompletionTime()).isEqualTo("2026-01-01T00:00:01.123456Z");
    assertThat(SpecOptions.roundStatus(stats(1, Tracking.HASH), Instant.now()).getTracker())
        .isEqualTo(DirtyTracker.Full);
  }

  @ParameterizedTest
  @CsvSource({
    "CONVERGED, false, Completed, Converged",
    "MAX_ROUNDS, false, Completed, MaxRoundsReached",
    "NOT_CONVERGING, false, Completed, NotConverging",
    "FREEZE_BUDGET_EXCEEDED, true, Failed, FreezeBudgetExceeded",
    "TARGET_EXITED, false, Failed, TargetExited",
    "TIMED_OUT, false, Failed, TimedOut",
    "CANCELLED, false, Cancelled, Cancelled"
  })
  void outcomeOfEachStopReason(
      StopReason reason, boolean failed, AgentResult result, PreDumpReason expected) {
    RunResult run = new RunResult(Path.of("/x"), Tracking.HASH, List.of(), reason, "why", failed);
    AgentOutcome o = Outcomes.of(run, Instant.EPOCH);
    assertThat(o.getResult()).isEqualTo(result);
    assertThat(o.getReason()).isEqualTo(expected);
    assertThat(o.getMessage()).isEqualTo("why");
  }

  @Test
  void storageFullIsRecognised() {
    assertThat(
            StorageErrors.isStorageFull(
                new java.io.IOException(
                    "w",
                    new java.nio.file.FileSystemException("/x", null, "No space left on device"))))
        .isTrue();
    assertThat(StorageErrors.isStorageFull(new java.io.IOException("Permission denied"))).isFalse();
  }

  @Test
  void aChainThatCannotBeCreatedIsStorageFullWithThePathInTheMessage() {
    Path chain = Path.of("/storage/apps/pd/app");
    var notWritable =
        new StorageErrors.NotWritable(
            chain, new java.nio.file.FileSystemException("/storage/apps", null, "Not a directory"));
    AgentOutcome o = Outcomes.ofIoFailure(notWritable, false, Instant.EPOCH);

    assertThat(o.getResult()).isEqualTo(AgentResult.Failed);
    assertThat(o.getReason()).isEqualTo(PreDumpReason.StorageFull);
    assertThat(o.getMessage())
        .isEqualTo(
            "image storage not writable: cannot create /storage/apps/pd/app: Not a directory"
                + " (/storage/apps)");
  }

  @Test
  void anUnknownDirtyRateIsAbsentNotZero() {
    RoundStats first =
        new RoundStats(
            1,
            Tracking.FULL,
            Instant.EPOCH,
            1000,
            4200,
            9000,
            100,
            50,
            0,
            50,
            0,
            0,
            0,
            204800,
            3,
            1,
            0,
            -1);
    assertThat(SpecOptions.roundStatus(first, Instant.EPOCH).getDirtyBytesPerSecond()).isNull();
    assertThat(
            SpecOptions.roundStatus(stats(2, Tracking.HASH), Instant.EPOCH)
                .getDirtyBytesPerSecond())
        .isEqualTo(77L);
  }

  private static RoundStats stats(int round, Tracking t) {
    return new RoundStats(
        round, t, Instant.EPOCH, 1000, 4200, 9000, 100, 50, 40, 10, 0, 0, 0, 40960, 3, 1, 0, 77);
  }
}
