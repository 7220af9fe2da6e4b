package dev.predump.agent.cluster;

import dev.predump.agent.engine.RoundStats;
import dev.predump.api.v1alpha1.AgentOutcome;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.api.v1alpha1.Timestamps;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The status fields the agent owns for one PreDump (image path, rounds, heartbeat, outcome), kept
 * here and sent as a patch of what changed since the last report. Thread-safe: rounds arrive on the
 * run's thread, heartbeats on the timer's.
 */
final class StatusReporter {
  private static final Logger LOG = Logger.getLogger(StatusReporter.class.getName());

  private final AgentContext ctx;
  private final String namespace;
  private final String name;
  private final PreDumpStatus mine = new PreDumpStatus();

  /** The agent's fields as the API server has them: the base of the next status patch. */
  private PreDumpStatus written;

  /** Starts from the status the API server had when the run was dispatched. */
  StatusReporter(AgentContext ctx, String namespace, String name, PreDumpStatus seen) {
    this.ctx = ctx;
    this.namespace = namespace;
    this.name = name;
    this.written = seen;
    if (seen != null && seen.getRounds() != null) {
      mine.setRounds(new ArrayList<>(seen.getRounds()));
    }
  }

  /** The rounds reported so far, this process's and those of an agent process before it. */
  List<RoundStatus> rounds() {
    synchronized (mine) {
      return List.copyOf(mine.getRounds());
    }
  }

  void imagePath(Path image) {
    synchronized (mine) {
      mine.setImagePath(image.toString());
    }
  }

  /** Adds a completed round and reports it at once (the contract: within a second). */
  void roundCompleted(RoundStats stats) {
    synchronized (mine) {
      mine.getRounds().add(SpecOptions.roundStatus(stats, Instant.now()));
      mine.setLatestRound(stats.round());
      mine.setLatestRoundDirtyBytes(stats.dirtyBytes());
    }
    reportQuietly();
  }

  /**
   * Records the outcome and writes it, retrying: a lost outcome would leave the PreDump to the
   * operator's silence bound.
   */
  void outcome(AgentOutcome outcome) {
    synchronized (mine) {
      mine.setAgentOutcome(outcome);
    }
    for (int attempt = 1; ; attempt++) {
      try {
        report();
        return;
      } catch (KubernetesClientException e) {
        if (attempt == 5) {
          LOG.warning(String.format("PreDump %s/%s: outcome not written: %s", namespace, name, e));
          return;
        }
        try {
          Thread.sleep(1000L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Reports with a fresh heartbeat; a failure waits for the next report, which repeats it all. */
  void reportQuietly() {
    try {
      report();
    } catch (KubernetesClientException e) {
      LOG.warning(
          String.format("PreDump %s/%s: status not written: %s", namespace, name, e.getMessage()));
    }
  }

  private void report() {
    synchronized (mine) {
      mine.setAgentHeartbeatTime(Timestamps.micros(Instant.now()));
      ctx.api().patchStatus(namespace, name, written, mine);
      // A copy: mine goes on changing, written must stay what was sent.
      written = Serialization.unmarshal(Serialization.asJson(mine), PreDumpStatus.class);
    }
  }
}
