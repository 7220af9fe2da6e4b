package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The concurrency limits: at most {@link Bounds#maxRunningPerNode()} PreDumps Running per node and
 * {@link Bounds#maxRunning()} in the cluster. Reconciles of different PreDumps run in parallel and
 * the informer cache lags behind the operator's own writes, so the slots granted here are
 * remembered until the PreDump is seen finished or deleted, and a grant is decided under a lock.
 */
public class ConcurrencySlots {

  private final int perNode;
  private final int total;
  private final Map<ResourceID, String> granted = new HashMap<>();

  /** Slots for the limits of {@code bounds}. */
  public ConcurrencySlots(Bounds bounds) {
    this.perNode = bounds.maxRunningPerNode();
    this.total = bounds.maxRunning();
  }

  /**
   * Grants {@code id} a slot on {@code node} if one is free, counting every PreDump that the cache
   * shows Running and every grant not yet seen finished.
   *
   * @param cached every PreDump in the informer cache
   * @return empty when granted (or already held), else what the PreDump waits for
   */
  public synchronized Optional<String> tryAcquire(
      ResourceID id, String node, Stream<PreDump> cached) {
    if (granted.containsKey(id)) {
      return Optional.empty();
    }
    Map<ResourceID, String> running = new HashMap<>();
    Set<ResourceID> present = new HashSet<>();
    cached.forEach(
        pd -> {
          ResourceID other = ResourceID.fromResource(pd);
          present.add(other);
          PreDumpPhase phase = pd.getStatus() == null ? null : pd.getStatus().getPhase();
          if (phase == PreDumpPhase.Running) {
            running.put(other, pd.getStatus().getNodeName());
          } else if (phase != null && phase.isTerminal()) {
            granted.remove(other);
          }
        });
    granted.keySet().retainAll(present);
    running.putAll(granted);
    running.remove(id);
    long onNode = running.values().stream().filter(node::equals).count();
    if (onNode >= perNode) {
      return Optional.of(
          "Waiting for a slot on node "
              + node
              + ": it runs "
              + onNode
              + " PreDump(s), at most "
              + perNode
              + " allowed (predump.max-running-per-node)");
    }
    if (running.size() >= total) {
      return Optional.of(
          "Waiting for a slot in the cluster: "
              + running.size()
              + " PreDump(s) run, at most "
              + total
              + " allowed (predump.max-running)");
    }
    granted.put(id, node);
    return Optional.empty();
  }

  /** Frees the slot of a PreDump that finished or was deleted. */
  public synchronized void release(ResourceID id) {
    granted.remove(id);
  }
}
