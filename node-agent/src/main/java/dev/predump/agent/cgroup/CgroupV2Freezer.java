package dev.predump.agent.cgroup;

import dev.predump.agent.kernel.ControlFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Freezer of a cgroup v2 directory: writes {@code cgroup.freeze} and watches the {@code frozen} key
 * of {@code cgroup.events}, which turns 1 once every task of the subtree has stopped. The kernel
 * signals each change of {@code cgroup.events} to poll(2), so the wait wakes when the freeze
 * completes instead of at the next step of a sleep.
 */
public final class CgroupV2Freezer implements Freezer {

  // Writing 1 again is a no-op for the kernel, so there is nothing to nudge.
  private static final Duration NO_NUDGE = Duration.ofDays(1);

  // The kernel delays a notification that follows another one on the same file within 10 ms, so
  // a wait never trusts the signal alone: it rereads the file at least this often.
  private static final int LONGEST_WAIT_MILLIS = 1;

  private final Cgroup cgroup;
  private final Path freeze;
  private final Path events;

  // Made here, not in freeze(): linking a lambda the first time costs milliseconds in a cold JVM,
  // and in freeze() the container would be frozen meanwhile.
  private final FreezeWait.Nudge nothing;

  CgroupV2Freezer(Cgroup cgroup) {
    this.cgroup = cgroup;
    this.freeze = cgroup.path().resolve(Cgroup.V2_FREEZE);
    this.events = cgroup.path().resolve(Cgroup.V2_EVENTS);
    this.nothing = () -> {};
  }

  @Override
  public void freeze(Duration timeout) throws IOException {
    // Opened before the request: a change signalled after the open wakes the wait even if it
    // happens before the wait begins.
    try (EventsWatch watch = new EventsWatch(CgroupFiles.open(events))) {
      CgroupFiles.write(freeze, "1");
      FreezeWait.frozenOrThawed(this, cgroup, watch, watch, timeout, NO_NUDGE, nothing);
    }
  }

  @Override
  public void rehearse() throws IOException {
    try (EventsWatch watch = new EventsWatch(CgroupFiles.open(events))) {
      watch.holds();
      watch.file.awaitEvent(0);
    }
    state();
  }

  @Override
  public void thaw() throws IOException {
    CgroupFiles.write(freeze, "0");
  }

  @Override
  public FreezerState state() throws IOException {
    if (parseFrozen(CgroupFiles.read(events)) && descendantsFrozen(cgroup.path())) {
      return FreezerState.FROZEN;
    }
    return CgroupFiles.read(freeze).trim().equals("1")
        ? FreezerState.FREEZING
        : FreezerState.THAWED;
  }

  /** Checks {@code cgroup.events} through one open descriptor and sleeps in poll(2) on it. */
  private final class EventsWatch implements FreezeWait.Check, FreezeWait.Pause, AutoCloseable {
    private final ControlFile file;

    EventsWatch(ControlFile file) {
      this.file = file;
    }

    @Override
    public boolean holds() throws IOException {
      // Reading also tells the kernel which change this descriptor has seen.
      String text = new String(file.readAll(), StandardCharsets.UTF_8);
      return parseFrozen(text) && descendantsFrozen(cgroup.path());
    }

    @Override
    public void reset() {}

    @Override
    public void pause(long maxNanos) throws IOException {
      file.awaitEvent(LONGEST_WAIT_MILLIS);
    }

    @Override
    public void close() {
      file.close();
    }
  }

  // The kernel (6.18 here) sets "frozen 1" on a cgroup as soon as its own tasks are frozen, even
  // when a child cgroup still has running tasks: seen on a parent with tasks of its own plus a
  // busy child. Only a cgroup whose whole subtree reports frozen is frozen for us. Container
  // cgroups are leaves, which cgroup.stat tells without listing the directory.
  private static boolean descendantsFrozen(Path dir) throws IOException {
    if (!Cgroup.hasDescendants(dir)) {
      return true;
    }
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
