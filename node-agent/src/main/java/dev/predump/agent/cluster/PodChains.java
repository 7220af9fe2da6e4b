package dev.predump.agent.cluster;

import dev.predump.agent.engine.Cancellation;
import dev.predump.agent.engine.ChainMember;
import dev.predump.agent.engine.DumpOptions;
import dev.predump.agent.engine.PreCopy;
import dev.predump.agent.engine.RoundListener;
import dev.predump.agent.engine.RunResult;
import dev.predump.agent.engine.Targets;
import dev.predump.api.v1alpha1.TargetContainer;
import dev.predump.image.ImageChain;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The engine run of one PreDump: all chosen containers of the pod stopped together in one window
 * per round, each copied into its own chain {@code <image>/<container>}.
 */
final class PodChains {
  private static final Logger LOG = Logger.getLogger(PodChains.class.getName());

  /** A chosen container whose cgroup is not on this node. */
  static final class ContainerMissing extends IOException {
    final transient TargetContainer container;

    ContainerMissing(TargetContainer container) {
      super("container " + container.getName() + " not found");
      this.container = container;
    }
  }

  private final AgentContext ctx;
  private final String namespace;
  private final String name;
  private final Path image;
  private final List<TargetContainer> containers;
  private final String podUid;

  PodChains(
      AgentContext ctx,
      String namespace,
      String name,
      Path image,
      List<TargetContainer> containers,
      String podUid) {
    this.ctx = ctx;
    this.namespace = namespace;
    this.name = name;
    this.image = image;
    this.containers = List.copyOf(containers);
    this.podUid = podUid;
  }

  List<TargetContainer> containers() {
    return containers;
  }

  /** The chain directory of {@code container}. */
  Path chain(TargetContainer container) {
    return image.resolve(container.getName());
  }

  /**
   * Runs the rounds. With {@code resume}, continues the existing chains after their last complete
   * round ({@code previousDirty}: what that round wrote); otherwise starts them afresh.
   *
   * @param latestOptions read before each round: the spec may change while the rounds run
   */
  RunResult run(
      DumpOptions options,
      Supplier<DumpOptions> latestOptions,
      RoundListener listener,
      Cancellation cancellation,
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
        Path chain = chain(c);
        if (!resume) {
          prepareEmpty(chain);
        }
        members.add(
            new ChainMember(
                new MarkedTarget(Targets.cgroup(cgroup.get()), ctx.markers()),
                chain,
                source(c, cgroup.get())));
      }
      PreCopy run = new PreCopy(members, options, ctx.kernel()).followingOptions(latestOptions);
      return resume
          ? run.resume(listener, cancellation, previousDirty)
          : run.run(listener, cancellation);
    } finally {
      for (ChainMember m : members) {
        try {
          m.target().close();
        } catch (IOException e) {
          LOG.warning(
              String.format(
                  "PreDump %s/%s: closing %s failed: %s",
                  namespace, name, m.target().description(), e.getMessage()));
        }
      }
    }
  }

  /** Starts a chain afresh: leftovers of a run that died before its first round are removed. */
  private static void prepareEmpty(Path chain) throws IOException {
    try {
      ImageChain.delete(chain);
      Files.createDirectories(chain);
    } catch (FileSystemException e) {
      throw new StorageErrors.NotWritable(chain, e);
    }
  }

  private SourceIdentity source(TargetContainer c, Path cgroup) {
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
}
