package dev.predump.agent.cluster;

import dev.predump.agent.engine.Cancellation;
import dev.predump.agent.engine.DumpOptions;
import dev.predump.agent.engine.PreCopy;
import dev.predump.agent.engine.RoundStats;
import dev.predump.agent.engine.StopReason;
import dev.predump.api.v1alpha1.AgentOutcome;
import dev.predump.api.v1alpha1.AgentResult;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.api.v1alpha1.TargetContainer;
import dev.predump.image.RoundWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The agent's work on one PreDump: adds its finalizer, runs the engine on the chosen containers
 * together (stopped in one window per round, each into {@code
 * <root>/<namespace>/<predump>/<container>/}), reports every round and a heartbeat, and writes the
 * outcome. A cancel stops the rounds within one copy chunk; the engine thaws on every path.
 */
final class PreDumpRun implements Runnable {
  private static final Logger LOG = Logger.getLogger(PreDumpRun.class.getName());

  private final AgentContext ctx;
  private final String namespace;
  private final String name;
  private final PreDump preDump;
  private final Cancellation cancellation;
  private final StatusReporter status;

  private volatile boolean deleted;
  private volatile boolean shuttingDown;

  PreDumpRun(AgentContext ctx, PreDump preDump) {
    this.ctx = ctx;
    this.preDump = preDump;
    this.namespace = preDump.getMetadata().getNamespace();
    this.name = preDump.getMetadata().getName();
    this.cancellation = new Cancellation(deadline(preDump));
    this.status = new StatusReporter(ctx, namespace, name, preDump.getStatus());
  }

  private static Instant deadline(PreDump pd) {
    try {
      DumpOptions options = SpecOptions.of(pd.getSpec());
      return SpecOptions.deadline(pd.getStatus().getStartTime(), options.timeout(), Instant.now());
    } catch (RuntimeException e) {
      // An invalid spec fails in run(); the deadline does not matter then.
      return Instant.now().plusSeconds(3600);
    }
  }

  /** The PreDump's image directory. */
  static Path imageDir(Path storageRoot, String namespace, String name) {
    return storageRoot.resolve(namespace).resolve(name);
  }

  /** Stops the rounds; {@code deleted} also applies retention and drops the finalizer after. */
  void cancel(String why, boolean deleted) {
    if (deleted) {
      this.deleted = true;
    }
    cancellation.cancel(why);
  }

  /**
   * Stops the rounds because this agent stops: no outcome is written, so that the agent's next
   * start finds the PreDump still Running.
   */
  void stopForShutdown() {
    shuttingDown = true;
    cancellation.cancel("the node agent is stopping");
  }

  @Override
  public void run() {
    if (cancellation.cancelled()) {
      finish();
      return;
    }
    ctx.metrics().started();
    ScheduledFuture<?> heartbeat = null;
    try {
      if (!ctx.api().addFinalizer(namespace, name, PreDumpMetadata.AGENT_FINALIZER)) {
        return;
      }
      Path image = imageDir(ctx.settings().storageRoot(), namespace, name);
      status.imagePath(image);
      status.reportQuietly();
      long every = ctx.settings().heartbeatEvery().toMillis();
      heartbeat =
          ctx.timer()
              .scheduleAtFixedRate(status::reportQuietly, every, every, TimeUnit.MILLISECONDS);
      AgentOutcome outcome = execute(image);
      if (shuttingDown) {
        return;
      }
      status.outcome(outcome);
      LOG.info(
          String.format(
              "PreDump %s/%s: %s (%s) %s",
              namespace, name, outcome.getResult(), outcome.getReason(), outcome.getMessage()));
    } catch (RuntimeException e) {
      LOG.warning(String.format("PreDump %s/%s: failed: %s", namespace, name, e));
      status.outcome(
          Outcomes.of(AgentResult.Failed, PreDumpReason.InternalError, e.toString(), now()));
    } finally {
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
      ctx.metrics().finished();
      finish();
    }
  }

  private void finish() {
    try {
      if (deleted) {
        Retention.release(ctx, preDump);
      }
    } finally {
      ctx.runs().finished(this, preDump);
    }
  }

  private AgentOutcome execute(Path image) {
    DumpOptions options;
    try {
      options = options(preDump);
    } catch (IllegalArgumentException e) {
      return Outcomes.of(AgentResult.Failed, PreDumpReason.InvalidSpec, e.getMessage(), now());
    }
    try {
      PreCopy.resolve(options.tracking(), ctx.kernel());
    } catch (IOException e) {
      return Outcomes.of(AgentResult.Failed, PreDumpReason.Unsupported, e.getMessage(), now());
    }
    PreDumpStatus seen = preDump.getStatus();
    List<TargetContainer> containers = seen == null ? List.of() : seen.getContainers();
    if (containers == null || containers.isEmpty()) {
      return Outcomes.of(
          AgentResult.Failed,
          PreDumpReason.ContainerNotFound,
          "status.containers names no container to pre-copy",
          now());
    }
    PodChains pod = new PodChains(ctx, namespace, name, image, containers, seen.getPodUID());
    try {
      if (!status.rounds().isEmpty()) {
        // Rounds reported before this process started: a previous agent process was interrupted.
        return resume(pod, options);
      }
      return Outcomes.of(
          pod.run(options, this::latestOptions, this::roundCompleted, cancellation, false, 0),
          now());
    } catch (PodChains.ContainerMissing e) {
      return Outcomes.containerNotFound(e.container, now());
    } catch (IOException e) {
      return Outcomes.ofIoFailure(e, cancellation.cancelled(), now());
    }
  }

  /**
   * A previous agent process reported rounds and then stopped (crash, upgrade): the chains are
   * continued together from their last complete round, unfinished round directories removed. A
   * crash between the commits of two containers' rounds leaves their chains at different rounds;
   * the engine then refuses to continue and the PreDump fails, its complete rounds kept.
   */
  private AgentOutcome resume(PodChains pod, DumpOptions options) throws IOException {
    for (TargetContainer c : pod.containers()) {
      RoundWriter.removeUnfinished(pod.chain(c));
    }
    List<RoundStatus> reported = status.rounds();
    int last = reported.get(reported.size() - 1).getRound();
    List<Long> dirty =
        reported.stream().map(r -> r.getDirtyBytes() == null ? 0L : r.getDirtyBytes()).toList();
    // The same stop rule the run applies after every round: had the last reported round ended it?
    int n = dirty.size();
    Optional<StopReason> stop =
        options.stopPolicy().afterRound(last, dirty.get(n - 1), n >= 2 ? dirty.get(n - 2) : 0);
    if (stop.isPresent()) {
      return Outcomes.of(
          AgentResult.Completed,
          Outcomes.reason(stop.get()),
          "Round " + last + " ended the rounds before the node agent restarted",
          now());
    }
    LOG.info(
        String.format(
            "PreDump %s/%s: continuing the chains of %d container(s) after round %d",
            namespace, name, pod.containers().size(), last));
    return Outcomes.of(
        pod.run(
            options,
            this::latestOptions,
            this::roundCompleted,
            cancellation,
            true,
            dirty.get(n - 1)),
        now());
  }

  private void roundCompleted(RoundStats stats) {
    ctx.metrics().roundCompleted(stats);
    status.roundCompleted(stats);
  }

  /** The engine's options for a PreDump, written in this agent's write mode. */
  private DumpOptions options(PreDump pd) {
    return SpecOptions.of(pd.getSpec())
        .withWriteMode(ctx.settings().writeMode())
        .withRealtimeWindow(ctx.settings().realtimeWindow());
  }

  /**
   * The options of the PreDump as the API server has it now: spec.rounds may be edited while the
   * rounds run (the API says the agent reads it before each round). Null keeps the previous ones.
   */
  private DumpOptions latestOptions() {
    PreDump latest = ctx.api().get(namespace, name);
    return latest == null ? null : options(latest);
  }

  private static Instant now() {
    return Instant.now();
  }
}
