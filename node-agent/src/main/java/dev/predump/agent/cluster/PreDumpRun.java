package dev.predump.agent.cluster;

import dev.predump.agent.engine.Cancellation;
import dev.predump.agent.engine.ChainMember;
import dev.predump.agent.engine.DumpOptions;
import dev.predump.agent.engine.PreCopy;
import dev.predump.agent.engine.RoundStats;
import dev.predump.agent.engine.RunResult;
import dev.predump.agent.engine.StopReason;
import dev.predump.agent.engine.Targets;
import dev.predump.api.v1alpha1.AgentOutcome;
import dev.predump.api.v1alpha1.AgentResult;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.api.v1alpha1.TargetContainer;
import dev.predump.api.v1alpha1.Timestamps;
import dev.predump.image.ImageChain;
import dev.predump.image.RoundWriter;
import dev.predump.image.proto.SourceIdentity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agent's work on one PreDump: adds its finalizer, runs the engine on the chosen containers
 * together (stopped in one window per round, each into {@code
 * <root>/<namespace>/<predump>/<container>/}), reports every round and a heartbeat, and writes the
 * outcome. A cancel stops the rounds within one copy chunk; the engine thaws on every path.
 */
final class PreDumpRun implements Runnable {
  private final AgentContext ctx;
  private final String namespace;
  private final String name;
  private final PreDump preDump;
  private final Cancellation cancellation;
  private final PreDumpStatus mine = new PreDumpStatus();

  /** The agent's fields as the API server has them: the base of the next status patch. */
  private PreDumpStatus written;

  private volatile boolean deleted;
  private volatile boolean shuttingDown;

  PreDumpRun(AgentContext ctx, PreDump preDump) {
    this.ctx = ctx;
    this.preDump = preDump;
    this.namespace = preDump.getMetadata().getNamespace();
    this.name = preDump.getMetadata().getName();
    this.cancellation = new Cancellation(deadline(preDump));
    PreDumpStatus seen = preDump.getStatus();
    this.written = seen;
    if (seen != null && seen.getRounds() != null) {
      mine.setRounds(new ArrayList<>(seen.getRounds()));
    }
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
      synchronized (mine) {
        mine.setImagePath(image.toString());
      }
      reportQuietly();
      long every = ctx.settings().heartbeatEvery().toMillis();
      heartbeat =
          ctx.timer().scheduleAtFixedRate(this::reportQuietly, every, every, TimeUnit.MILLISECONDS);
      AgentOutcome outcome = execute(image);
      if (shuttingDown) {
        return;
      }
      synchronized (mine) {
        mine.setAgentOutcome(outcome);
      }
      reportOutcome();
      System.out.printf(
          "PreDump %s/%s: %s (%s) %s%n",
          namespace, name, outcome.getResult(), outcome.getReason(), outcome.getMessage());
    } catch (RuntimeException e) {
      System.err.printf("PreDump %s/%s: failed: %s%n", namespace, name, e);
      synchronized (mine) {
        mine.setAgentOutcome(
            Outcomes.of(AgentResult.Failed, PreDumpReason.InternalError, e.toString(), now()));
      }
      reportQuietly();
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
      options = SpecOptions.of(preDump.getSpec()).withWriteMode(ctx.settings().writeMode());
    } catch (IllegalArgumentException e) {
      return Outcomes.of(AgentResult.Failed, PreDumpReason.InvalidSpec, e.getMessage(), now());
    }
    try {
      PreCopy.resolve(options.tracking(), ctx.kernel());
    } catch (IOException e) {
      return Outcomes.of(AgentResult.Failed, PreDumpReason.Unsupported, e.getMessage(), now());
    }
    PreDumpStatus status = preDump.getStatus();
    List<TargetContainer> containers = status == null ? List.of() : status.getContainers();
    if (containers == null || containers.isEmpty()) {
      return Outcomes.of(
          AgentResult.Failed,
          PreDumpReason.ContainerNotFound,
          "status.containers names no container to pre-copy",
          now());
    }
    if (!mine.getRounds().isEmpty()) {
      // Rounds reported before this process started: a previous agent process was interrupted.
      try {
        return resume(image, containers, options, status.getPodUID());
      } catch (IOException e) {
        return Outcomes.ofIoFailure(e, cancellation.cancelled(), now());
      }
    }
    try {
      return Outcomes.of(runPod(image, containers, options, status.getPodUID(), false, 0), now());
    } catch (ContainerMissing e) {
      return Outcomes.containerNotFound(e.container, now());
    } catch (IOException e) {
      return Outcomes.ofIoFailure(e, cancellation.cancelled(), now());
    }
  }

  /** A chosen container whose cgroup is not on this node. */
  private static final class ContainerMissing extends IOException {
    final transient TargetContainer container;

    ContainerMissing(TargetContainer container) {
      super("container " + container.getName() + " not found");
      this.container = container;
    }
  }

  /**
   * Runs all chosen containers of the pod together: stopped in one window per round, each into its
   * own chain {@code <image>/<container>}. With {@code resume}, continues the chains.
   */
  private RunResult runPod(
      Path image,
      List<TargetContainer> containers,
      DumpOptions options,
      String podUid,
      boolean resume,
      long previousDirty)
      throws IOException {
    List<ChainMember> members = new ArrayList<>();
    try {
      for (TargetContainer c : containers) {
        Optional<Path> cgroup = ctx.cgroups().find(c.getContainerID(), podUid);
        if (cgroup.isEmpty()) {
          throw new ContainerMissing(c);
        }
        Path chain = image.resolve(c.getName());
        if (!resume) {
          // Leftovers of a run that died before its first round reported: start afresh.
          ImageChain.delete(chain);
          Files.createDirectories(chain);
        }
        members.add(
            new ChainMember(
                new MarkedTarget(Targets.cgroup(cgroup.get()), ctx.markers()),
                chain,
                source(c, cgroup.get(), podUid)));
      }
      PreCopy run =
          new PreCopy(members, options, ctx.kernel()).followingOptions(this::latestOptions);
      return resume
          ? run.resume(this::roundCompleted, cancellation, previousDirty)
          : run.run(this::roundCompleted, cancellation);
    } finally {
      for (ChainMember m : members) {
        try {
          m.target().close();
        } catch (IOException e) {
          System.err.printf(
              "PreDump %s/%s: closing %s failed: %s%n",
              namespace, name, m.target().description(), e.getMessage());
        }
      }
    }
  }

  /**
   * A previous agent process reported rounds and then stopped (crash, upgrade). With one container
   * its chain is continued from the last complete round (unfinished round directories removed);
   * with several, which of them had finished is not recorded, so the PreDump fails and the complete
   * rounds stay usable.
   */
  private AgentOutcome resume(
      Path image, List<TargetContainer> containers, DumpOptions options, String podUid)
      throws IOException {
    for (TargetContainer c : containers) {
      RoundWriter.removeUnfinished(image.resolve(c.getName()));
    }
    List<RoundStatus> reported = mine.getRounds();
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
    System.out.printf(
        "PreDump %s/%s: continuing the chains of %d container(s) after round %d%n",
        namespace, name, containers.size(), last);
    try {
      return Outcomes.of(
          runPod(image, containers, options, podUid, true, dirty.get(dirty.size() - 1)), now());
    } catch (ContainerMissing e) {
      return Outcomes.containerNotFound(e.container, now());
    }
  }

  private SourceIdentity source(TargetContainer c, Path cgroup, String podUid) {
    SourceIdentity.Builder source =
        SourceIdentity.newBuilder()
            .setContainerId(c.getContainerID())
            .setContainerName(c.getName())
            .setNamespace(namespace)
            .setPredumpName(name)
            .setNodeName(ctx.settings().node())
            .setCgroup(cgroup.toString());
    if (podUid != null) {
      source.setPodUid(podUid);
    }
    return source.build();
  }

  /**
   * The options of the PreDump as the API server has it now: spec.rounds may be edited while the
   * rounds run (the API says the agent reads it before each round). Null keeps the previous ones.
   */
  private DumpOptions latestOptions() {
    PreDump latest = ctx.api().get(namespace, name);
    return latest == null
        ? null
        : SpecOptions.of(latest.getSpec()).withWriteMode(ctx.settings().writeMode());
  }

  private void roundCompleted(RoundStats stats) {
    ctx.metrics().roundCompleted(stats);
    synchronized (mine) {
      mine.getRounds().add(SpecOptions.roundStatus(stats, now()));
      mine.setLatestRound(stats.round());
      mine.setLatestRoundDirtyBytes(stats.dirtyBytes());
    }
    reportQuietly();
  }

  /** Patches the agent's fields with a fresh heartbeat. */
  private void report() {
    synchronized (mine) {
      mine.setAgentHeartbeatTime(Timestamps.micros(now()));
      ctx.api().patchStatus(namespace, name, written, mine);
      // A copy: mine goes on changing, written must stay what was sent.
      written = Serialization.unmarshal(Serialization.asJson(mine), PreDumpStatus.class);
    }
  }

  /** The outcome is written once: a lost one would leave the PreDump to the silence bound. */
  private void reportOutcome() {
    for (int attempt = 1; ; attempt++) {
      try {
        report();
        return;
      } catch (KubernetesClientException e) {
        if (attempt == 5) {
          System.err.printf("PreDump %s/%s: outcome not written: %s%n", namespace, name, e);
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

  private void reportQuietly() {
    try {
      report();
    } catch (KubernetesClientException e) {
      // The next report carries everything again (the whole rounds list).
      System.err.printf("PreDump %s/%s: status not written: %s%n", namespace, name, e.getMessage());
    }
  }

  private static Instant now() {
    return Instant.now();
  }
}
