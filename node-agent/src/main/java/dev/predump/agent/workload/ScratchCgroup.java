package dev.predump.agent.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A cgroup created for a workload (the demo's "container", and tests'), removed on close after
 * thawing it and moving nothing: whoever started the processes kills them first.
 */
public final class ScratchCgroup implements AutoCloseable {
  private final Path dir;
  private final boolean v2;

  private ScratchCgroup(Path dir, boolean v2) {
    this.dir = dir;
    this.v2 = v2;
  }

  /** A pure cgroup v2 host mounts it at /sys/fs/cgroup; a hybrid one at /sys/fs/cgroup/unified. */
  public static Optional<Path> v2Root() {
    Path pure = Path.of("/sys/fs/cgroup");
    if (Files.exists(pure.resolve("cgroup.controllers"))) {
      return Optional.of(pure);
    }
    Path hybrid = Path.of("/sys/fs/cgroup/unified");
    return Files.exists(hybrid.resolve("cgroup.procs")) ? Optional.of(hybrid) : Optional.empty();
  }

  /** The cgroup v1 freezer hierarchy, where mounted. */
  public static Optional<Path> v1FreezerRoot() {
    Path v1 = Path.of("/sys/fs/cgroup/freezer");
    return Files.exists(v1.resolve("freezer.state")) || Files.exists(v1.resolve("cgroup.procs"))
        ? Optional.of(v1)
        : Optional.empty();
  }

  /** Creates {@code name} under the v2 hierarchy, else under the v1 freezer. */
  public static ScratchCgroup create(String name) throws IOException {
    Optional<Path> v2 = v2Root();
    if (v2.isPresent()) {
      return create(v2.get().resolve(name), true);
    }
    Optional<Path> v1 = v1FreezerRoot();
    if (v1.isPresent()) {
      return create(v1.get().resolve(name), false);
    }
    throw new IOException("no cgroup v2 hierarchy and no v1 freezer mounted");
  }

  /** Creates a cgroup at {@code dir} of the given version. */
  public static ScratchCgroup create(Path dir, boolean v2) throws IOException {
    Files.createDirectory(dir);
    return new ScratchCgroup(dir, v2);
  }

  public Path path() {
    return dir;
  }

  public boolean isV2() {
    return v2;
  }

  /** Moves a process into this cgroup. */
  public void add(long pid) throws IOException {
    Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid));
  }

  /** Creates a child cgroup. */
  public ScratchCgroup child(String name) throws IOException {
    return create(dir.resolve(name), v2);
  }

  /** Thaws and removes the cgroup (it must hold no live process by then). */
  @Override
  public void close() throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    if (v2 && Files.exists(dir.resolve("cgroup.freeze"))) {
      Files.writeString(dir.resolve("cgroup.freeze"), "0");
    } else if (!v2 && Files.exists(dir.resolve("freezer.state"))) {
      Files.writeString(dir.resolve("freezer.state"), "THAWED");
    }
    // rmdir fails while the kernel still counts exiting processes: retry briefly.
    IOException last = null;
    for (int i = 0; i < 50; i++) {
      try {
        Files.delete(dir);
        return;
      } catch (IOException e) {
        last = e;
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new IOException("could not remove cgroup " + dir, last);
  }
}
