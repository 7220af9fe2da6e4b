package dev.predump.agent.cluster;

import dev.predump.agent.engine.DumpOptions;
import dev.predump.agent.engine.RoundStats;
import dev.predump.agent.engine.StopPolicy;
import dev.predump.agent.engine.Tracking;
import dev.predump.api.v1alpha1.DirtyTracker;
import dev.predump.api.v1alpha1.Durations;
import dev.predump.api.v1alpha1.PreDumpSpec;
import dev.predump.api.v1alpha1.RoundPolicy;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.api.v1alpha1.Timestamps;
import dev.predump.api.v1alpha1.TrackingMode;
import java.time.Duration;
import java.time.Instant;

/** Translates between the PreDump API and the engine: spec → options, round → status. Pure. */
public final class SpecOptions {
  private SpecOptions() {}

  /** The engine's options for a spec; null fields take the API's defaults. */
  public static DumpOptions of(PreDumpSpec spec) {
    RoundPolicy defaults = new RoundPolicy();
    RoundPolicy r = spec.getRounds() == null ? defaults : spec.getRounds();
    StopPolicy stop =
        new StopPolicy(
            or(r.getMax(), defaults.getMax()),
            or(r.getConvergeBelow(), defaults.getConvergeBelow()),
            or(r.getMaxGrowthPercent(), defaults.getMaxGrowthPercent()));
    PreDumpSpec specDefaults = new PreDumpSpec();
    return new DumpOptions(
        tracking(spec.getTracking()),
        stop,
        Durations.parse(or(spec.getFreezeBudget(), specDefaults.getFreezeBudget())),
        Durations.parse(or(r.getInterval(), defaults.getInterval())),
        or(spec.getBandwidth(), 0L),
        Durations.parse(or(spec.getTimeout(), specDefaults.getTimeout())),
        DumpOptions.DEFAULT_BUFFER_BYTES);
  }

  /** The engine's tracking for the API's mode. */
  public static Tracking tracking(TrackingMode mode) {
    if (mode == null) {
      return Tracking.AUTO;
    }
    return switch (mode) {
      case Auto -> Tracking.AUTO;
      case SoftDirty -> Tracking.SOFT_DIRTY;
      case Hash -> Tracking.HASH;
      case Full -> Tracking.FULL;
    };
  }

  /** When the run must end: the operator counts spec.timeout from status.startTime. */
  public static Instant deadline(String startTime, Duration timeout, Instant now) {
    Instant start = now;
    if (startTime != null) {
      try {
        start = Timestamps.parse(startTime);
      } catch (IllegalArgumentException e) {
        // An unreadable start time: count from now rather than fail the run.
        start = now;
      }
    }
    return start.plus(timeout);
  }

  /** A completed round as status reports it: CRIU's figures in microseconds. */
  public static RoundStatus roundStatus(RoundStats s, Instant completed) {
    RoundStatus r = new RoundStatus();
    r.setRound(s.round());
    r.setTracker(tracker(s));
    r.setStartTime(Timestamps.micros(s.startTime()));
    r.setCompletionTime(Timestamps.micros(completed));
    r.setFreezingTimeMicros(s.freezingTime());
    r.setFrozenTimeMicros(s.frozenTime());
    r.setMemdumpTimeMicros(s.memdumpTime());
    r.setMemwriteTimeMicros(s.memwriteTime());
    r.setPagesScanned(s.pagesScanned());
    r.setPagesSkippedParent(s.pagesSkippedParent());
    r.setPagesWritten(s.pagesWritten());
    r.setPagesDirty(s.pagesWritten());
    r.setPagesVanished(s.pagesVanished());
    r.setPagesUnreadable(s.pagesUnreadable());
    r.setBytesWritten(s.bytesWritten());
    r.setDirtyBytes(s.dirtyBytes());
    r.setThroughputBytesPerSecond(s.throughputBytesPerSecond());
    // Absent when unknown: the operator's final-dump estimate then falls back to the dirty set.
    r.setDirtyBytesPerSecond(s.dirtyBytesPerSecond() < 0 ? null : s.dirtyBytesPerSecond());
    r.setMappings(s.mappings());
    r.setProcesses(s.processes());
    r.setProcessesExited(s.processesExited());
    return r;
  }

  /** Round 1 copies every present page whatever the tracker: the API calls that Full. */
  static DirtyTracker tracker(RoundStats s) {
    if (s.round() == 1) {
      return DirtyTracker.Full;
    }
    return switch (s.tracking()) {
      case SOFT_DIRTY -> DirtyTracker.SoftDirty;
      case HASH -> DirtyTracker.Hash;
      case FULL, AUTO -> DirtyTracker.Full;
    };
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
