package dev.predump.operator;

import dev.predump.api.v1alpha1.Durations;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.operator.EventRecorder.Type;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletion of a PreDump: waits (by rescheduling) for the agent to stop, thaw and apply retention
 * and remove its finalizer; releases it itself when the node's agent is gone or too slow, recording
 * that images may be orphaned; then lets JOSDK remove the operator's finalizer. Idempotent.
 */
@ApplicationScoped
public class Finalization {

  /** Pause before looking again after releasing the agent's finalizer. */
  static final Duration AFTER_RELEASE = Duration.ofMillis(200);

  private final ClusterView cluster;
  private final PreDumpWriter writer;
  private final EventRecorder events;
  private final PreDumpMetrics metrics;
  private final ConcurrencySlots slots;
  private final Bounds bounds;

  /** Finalization through these collaborators. */
  public Finalization(
      ClusterView cluster,
      PreDumpWriter writer,
      EventRecorder events,
      PreDumpMetrics metrics,
      ConcurrencySlots slots,
      Bounds bounds) {
    this.cluster = cluster;
    this.writer = writer;
    this.events = events;
    this.metrics = metrics;
    this.slots = slots;
    this.bounds = bounds;
  }

  /** One step of deleting {@code preDump} at {@code now}. */
  public DeleteControl cleanup(PreDump preDump, Instant now) {
    if (!preDump.hasFinalizer(PreDumpMetadata.AGENT_FINALIZER)) {
      forget(preDump);
      return DeleteControl.defaultDelete();
    }
    String node = preDump.getStatus() == null ? null : preDump.getStatus().getNodeName();
    if (preDump.getStatus() != null && preDump.getStatus().getPhase() == PreDumpPhase.Running) {
      events.once(
          preDump,
          "cancel",
          Type.Normal,
          PreDumpReason.Cancelled,
          "Deleted while running; waiting for the agent on node "
              + node
              + " to stop, thaw and apply retention");
    }
    AgentPresence agent = AgentPresence.of(cluster.agentLease(node), now, bounds.leaseStaleAfter());
    Instant deleted = PhaseDecider.parse(preDump.getMetadata().getDeletionTimestamp()).orElse(now);
    Instant releaseAt = deleted.plus(bounds.releaseAfter());
    if (agent.served() && now.isBefore(releaseAt)) {
      Instant next = agent.staleAt().isBefore(releaseAt) ? agent.staleAt() : releaseAt;
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(Duration.between(now, next).plus(PhaseDecider.MARGIN));
    }
    String why =
        agent.served()
            ? "the agent on node "
                + node
                + " did not release it within "
                + Durations.format(bounds.releaseAfter())
            : node == null
                ? "the PreDump was never handed to a node"
                : "no node agent serves node "
                    + node
                    + " (Lease "
                    + AgentContract.leaseName(node)
                    + " missing or stale)";
    writer.removeFinalizer(preDump, PreDumpMetadata.AGENT_FINALIZER);
    String images = preDump.getStatus() == null ? null : preDump.getStatus().getImagePath();
    events.once(
        preDump,
        "orphaned",
        Type.Warning,
        PreDumpReason.ImagesOrphaned,
        "Removed the agent's finalizer because "
            + why
            + "; images "
            + (images == null ? "the agent may have written" : "under " + images)
            + " may be left on storage");
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(AFTER_RELEASE);
  }

  private void forget(PreDump preDump) {
    ResourceID id = ResourceID.fromResource(preDump);
    slots.release(id);
    metrics.forget(id);
    events.forget(preDump);
  }
}
