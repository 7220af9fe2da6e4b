package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.RoundStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's Prometheus metrics (at {@code /q/metrics}): rounds, frozen time per round, bytes
 * written, dirty rate of each Running PreDump, and PreDumps by phase.
 */
@ApplicationScoped
public class PreDumpMetrics {

  /** Counter of completed rounds, by node and tracker. */
  public static final String ROUNDS = "predump.rounds";

  /** Histogram of each round's frozen time, by node. */
  public static final String FROZEN = "predump.round.frozen";

  /** Counter of page bytes written by the rounds, by node. */
  public static final String WRITTEN = "predump.round.written";

  /** Gauge of the latest dirty rate of each Running PreDump. */
  public static final String DIRTY_RATE = "predump.dirty.rate.bytes.per.second";

  /** Gauge of PreDumps by phase. */
  public static final String BY_PHASE = "predump.predumps";

  /** Counter of finished PreDumps, by phase and reason. */
  public static final String FINISHED = "predump.finished";

  private static final Duration[] FROZEN_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
    Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final Map<ResourceID, PreDumpPhase> phases = new ConcurrentHashMap<>();
  private final Map<ResourceID, AtomicLong> dirtyRates = new ConcurrentHashMap<>();
  private final Map<ResourceID, Gauge> dirtyGauges = new ConcurrentHashMap<>();

  /** Registers the phase gauges in {@code registry}. */
  public PreDumpMetrics(MeterRegistry registry) {
    this.registry = registry;
    // The registry can outlive this bean (a restarted application in one JVM): drop gauges that
    // read the maps of an earlier instance.
    registry.find(BY_PHASE).gauges().forEach(registry::remove);
    registry.find(DIRTY_RATE).gauges().forEach(registry::remove);
    for (PreDumpPhase phase : PreDumpPhase.values()) {
      Gauge.builder(BY_PHASE, phases, m -> m.values().stream().filter(phase::equals).count())
          .description("PreDumps known to the operator, by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  /** Counts one completed round of a PreDump on {@code node}. */
  public void round(String node, RoundStatus round) {
    Tags tags = Tags.of("node", String.valueOf(node));
    Counter.builder(ROUNDS)
        .description("Completed pre-copy rounds")
        .tags(tags)
        .tag("tracker", String.valueOf(round.getTracker()))
        .register(registry)
        .increment();
    if (round.getFrozenTimeMicros() != null) {
      Timer.builder(FROZEN)
          .description("How long the containers stayed frozen in one round")
          .serviceLevelObjectives(FROZEN_BUCKETS)
          .tags(tags)
          .register(registry)
          .record(Duration.ofNanos(round.getFrozenTimeMicros() * 1_000L));
    }
    if (round.getBytesWritten() != null) {
      Counter.builder(WRITTEN)
          .description("Page bytes written to storage by the rounds")
          .baseUnit("bytes")
          .tags(tags)
          .register(registry)
          .increment(round.getBytesWritten());
    }
  }

  /** Records the phase of a PreDump for the by-phase gauge. */
  public void phase(ResourceID id, PreDumpPhase phase) {
    phases.put(id, phase);
  }

  /** Counts a PreDump that just finished. */
  public void finished(PreDumpPhase phase, PreDumpReason reason) {
    Counter.builder(FINISHED)
        .description("PreDumps that reached Succeeded or Failed")
        .tag("phase", phase.name())
        .tag("reason", reason.name())
        .register(registry)
        .increment();
  }

  /** Shows the dirty rate of a Running PreDump; null removes its gauge. */
  public void dirtyRate(PreDump preDump, String node, Long bytesPerSecond) {
    ResourceID id = ResourceID.fromResource(preDump);
    if (bytesPerSecond == null) {
      removeDirtyRate(id);
      return;
    }
    dirtyRates
        .computeIfAbsent(
            id,
            k -> {
              AtomicLong value = new AtomicLong();
              dirtyGauges.put(
                  k,
                  Gauge.builder(DIRTY_RATE, value, AtomicLong::get)
                      .description("Latest dirty rate of a Running PreDump's workload")
                      .tag("namespace", preDump.getMetadata().getNamespace())
                      .tag("name", preDump.getMetadata().getName())
                      .tag("node", String.valueOf(node))
                      .register(registry));
              return value;
            })
        .set(bytesPerSecond);
  }

  /** Drops the gauges of a deleted PreDump. */
  public void forget(ResourceID id) {
    phases.remove(id);
    removeDirtyRate(id);
  }

  private void removeDirtyRate(ResourceID id) {
    dirtyRates.remove(id);
    Gauge gauge = dirtyGauges.remove(id);
    if (gauge != null) {
      registry.remove(gauge);
    }
  }
}
