package dev.predump.agent.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Freezer of a cgroup v2 directory: writes {@code cgroup.freeze} and watches the {@code frozen} key
 * of {@code cgroup.events}, which turns 1 once every task of the subtree has stopped.
 */
public final class CgroupV2Freezer implements Freezer {

  // Writing 1 again is a no-op for the kernel, so there is nothing to nudge.
  private static final Duration NO_NUDGE = Duration.ofDays(1);

  private final Cgroup cgroup;
  private final Path freeze;
  private final Path events;

  // Made here, not in freeze(): linking a lambda the first time costs milliseconds in a cold JVM,
  // and in freeze() the container would be frozen meanwhile.
  private final FreezeWait.Check frozenCheck;
  private final FreezeWait.Nudge nothing;

  CgroupV2Freezer(Cgroup cgroup) {
    this.cgroup = cgroup;
    this.freeze = cgroup.path().resolve(Cgroup.V2_FREEZE);
    this.events = cgroup.path().resolve(Cgroup.V2_EVENTS);
    this.frozenCheck = this::frozenNow;
    this.nothing = () -> {};
  }

  @Override
  public void freeze(Duration timeout) throws IOException {
    CgroupFiles.write(freeze, "1");
    FreezeWait.frozenOrThawed(this, cgroup, frozenCheck, timeout, NO_NUDGE, nothing);
  }

  @Override
  public void thaw() throws IOException {
    CgroupFiles.write(freeze, "0");
  }

  @Override
  public FreezerState state() throws IOException {
    if (frozenNow()) {
      return FreezerState.FROZEN;
    }
    return CgroupFiles.read(freeze).trim().equals("1")
        ? FreezerState.FREEZING
        : FreezerState.THAWED;
  }

  // The kernel (6.18 here) sets "frozen 1" on a cgroup as soon as its own tasks are frozen, even
  // when a child cgroup still has running tasks: seen on a parent with tasks of its own plus a
  // busy child. Only a cgroup whose whole subtree reports frozen is frozen for us. Container
  // cgroups are leaves, so this is one more directory listing per poll.
  private boolean frozenNow() throws IOException {
    return parseFrozen(CgroupFiles.read(events)) && descendantsFrozen(cgroup.path());
  }

  private static boolean descendantsFrozen(Path dir) throws IOException {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path child : children) {
        try {
          if (!parseFrozen(Files.readString(child.resolve(Cgroup.V2_EVENTS)))
              || !descendantsFrozen(child)) {
            return false;
          }
        } catch (NoSuchFileException e) {
          // A child removed meanwhile holds no tasks.
        }
      }
    } catch (NoSuchFileException e) {
      throw new IOException("Cannot check " + dir + ": the cgroup does not exist (removed?)", e);
    }
    return true;
  }

  /** The value of the {@code frozen} key of a cgroup.events text. */
  static boolean parseFrozen(String eventsText) {
    for (String line : eventsText.split("\n")) {
      if (line.startsWith("frozen ")) {
        return line.substring("frozen ".length()).trim().equals("1");
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "v2 freezer of " + cgroup.path();
  }
}
