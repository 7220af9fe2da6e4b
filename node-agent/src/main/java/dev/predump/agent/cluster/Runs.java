package dev.predump.agent.cluster;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The PreDumps of this node and what the agent does about each event on them: start a run on a
 * Running one (at most {@code maxConcurrent} at once, the others queued), cancel it when the
 * PreDump is deleted or turns terminal, release the finalizer of a deleted one that no longer runs.
 * Keyed by UID, so a PreDump recreated under the same name is a new one.
 */
final class Runs {
  private static final Logger LOG = Logger.getLogger(Runs.class.getName());

  private final Map<String, PreDumpRun> active = new ConcurrentHashMap<>();
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  private final Set<String> releasing = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool;
  private final ExecutorService cleanup;
  private volatile AgentContext ctx;

  Runs(int maxConcurrent) {
    this.pool = Executors.newFixedThreadPool(maxConcurrent, daemon("predump-run-"));
    this.cleanup = Executors.newSingleThreadExecutor(daemon("predump-release-"));
  }

  void bind(AgentContext ctx) {
    this.ctx = ctx;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Acts on the PreDump's current state (an informer add or update). */
  void observe(PreDump pd) {
    String uid = pd.getMetadata().getUid();
    PreDumpRun run = active.get(uid);
    if (pd.getMetadata().getDeletionTimestamp() != null) {
      if (run != null) {
        run.cancel("PreDump deleted", true);
      } else if (hasAgentFinalizer(pd) && releasing.add(uid)) {
        cleanup.execute(
            () -> {
              try {
                Retention.release(ctx, pd);
              } catch (RuntimeException e) {
                LOG.warning(String.format("PreDump %s: finalizer not released: %s", key(pd), e));
              } finally {
                releasing.remove(uid);
              }
            });
      }
      return;
    }
    PreDumpStatus status = pd.getStatus();
    PreDumpPhase phase = status == null ? null : status.getPhase();
    if (phase != null && phase.isTerminal()) {
      if (run != null) {
        run.cancel("the operator set phase " + phase, false);
      }
      return;
    }
    if (phase == PreDumpPhase.Running
        && run == null
        && status.getAgentOutcome() == null
        && !done.contains(uid)) {
      PreDumpRun created = new PreDumpRun(ctx, pd);
      if (active.putIfAbsent(uid, created) == null) {
        LOG.info(String.format("PreDump %s: accepted", key(pd)));
        pool.execute(created);
      }
    }
  }

  /** The PreDump is gone from the API server. */
  void gone(PreDump pd) {
    String uid = pd.getMetadata().getUid();
    PreDumpRun run = active.get(uid);
    if (run != null) {
      run.cancel("PreDump gone", false);
    }
    done.remove(uid);
  }

  /** Called by a run when it ended. */
  void finished(PreDumpRun run, PreDump pd) {
    String uid = pd.getMetadata().getUid();
    // done first: an event arriving in between must not start the PreDump again.
    done.add(uid);
    active.remove(uid, run);
  }

  /** PreDumps running or queued. */
  int running() {
    return active.size();
  }

  /** Stops every run (they thaw) and waits up to {@code wait} for them. */
  void shutdown(Duration wait) throws InterruptedException {
    List.copyOf(active.values()).forEach(r -> r.stopForShutdown());
    pool.shutdown();
    cleanup.shutdown();
    pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    cleanup.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  static boolean hasAgentFinalizer(PreDump pd) {
    List<String> f = pd.getMetadata().getFinalizers();
    return f != null && f.contains(PreDumpMetadata.AGENT_FINALIZER);
  }

  static String key(PreDump pd) {
    return pd.getMetadata().getNamespace() + "/" + pd.getMetadata().getName();
  }
}
