package dev.predump.agent.cgroup;

import dev.predump.agent.kernel.NoSuchProcessException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** A cgroup directory of either version that predump can freeze. */
public final class Cgroup {

  static final String V2_FREEZE = "cgroup.freeze";
  static final String V2_EVENTS = "cgroup.events";
  static final String V1_STATE = "freezer.state";
  static final String PROCS = "cgroup.procs";
  static final String V2_STAT = "cgroup.stat";

  private final Path path;
  private final CgroupVersion version;
  private final boolean root;

  private Cgroup(Path path, CgroupVersion version, boolean root) {
    this.path = path;
    this.version = version;
    this.root = root;
  }

  /**
   * The cgroup at {@code dir}: v2 when it has {@code cgroup.freeze}, v1 when it has {@code
   * freezer.state}. The root of either hierarchy has neither file and is accepted as the root.
   */
  public static Cgroup at(Path dir) throws IOException {
    Path normal = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(normal)) {
      throw new IOException("Not a cgroup: " + normal + " is not a directory");
    }
    if (Files.exists(normal.resolve(V2_FREEZE))) {
      return new Cgroup(normal, CgroupVersion.V2, false);
    }
    if (Files.exists(normal.resolve(V1_STATE))) {
      return new Cgroup(normal, CgroupVersion.V1, false);
    }
    CgroupMounts mounts = CgroupMounts.current();
    for (CgroupVersion version : CgroupVersion.values()) {
      if (mounts.of(version).map(m -> m.mountPoint().equals(normal)).orElse(false)) {
        return new Cgroup(normal, version, true);
      }
    }
    throw new IOException(notFreezable(normal));
  }

  /**
   * The cgroup of a process that freezes it: the v1 freezer cgroup where this host mounts the v1
   * freezer (hybrid and legacy hosts, where container runtimes freeze through v1 and the v2 tree
   * only tracks systemd units), else its v2 cgroup.
   */
  public static Cgroup ofProcess(int pid) throws IOException {
    CgroupMounts mounts = CgroupMounts.current();
    CgroupVersion version = mounts.v1Freezer().isPresent() ? CgroupVersion.V1 : CgroupVersion.V2;
    return ofProcess(pid, version, mounts);
  }

  /** The cgroup of a process in one hierarchy. */
  public static Cgroup ofProcess(int pid, CgroupVersion version) throws IOException {
    return ofProcess(pid, version, CgroupMounts.current());
  }

  private static Cgroup ofProcess(int pid, CgroupVersion version, CgroupMounts mounts)
      throws IOException {
    CgroupMounts.Mount mount =
        mounts
            .of(version)
            .orElseThrow(
                () ->
                    new IOException(
                        "No cgroup "
                            + (version == CgroupVersion.V2 ? "v2 hierarchy" : "v1 freezer")
                            + " is mounted here (see /proc/self/mountinfo)"));
    Path file = Path.of("/proc", Integer.toString(pid), "cgroup");
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      NoSuchProcessException gone = new NoSuchProcessException(pid, file.toString());
      gone.initCause(e);
      throw gone;
    }
    String cgroupPath =
        parseProcCgroup(text, version)
            .orElseThrow(
                () -> new IOException(file + " names no " + version + " freezer cgroup: " + text));
    return at(mount.resolve(cgroupPath));
  }

  /**
   * The path of the freezing cgroup in a {@code /proc/PID/cgroup} text: the {@code 0::} line for
   * v2, the line whose controllers include {@code freezer} for v1.
   */
  public static Optional<String> parseProcCgroup(String text, CgroupVersion version) {
    for (String line : text.split("\n")) {
      // hierarchy-id:controller-list:path; the path may itself contain ':'.
      int first = line.indexOf(':');
      int second = first < 0 ? -1 : line.indexOf(':', first + 1);
      if (second < 0) {
        continue;
      }
      String id = line.substring(0, first);
      String controllers = line.substring(first + 1, second);
      String cgroupPath = line.substring(second + 1);
      boolean matches =
          version == CgroupVersion.V2
              ? id.equals("0") && controllers.isEmpty()
              : Set.of(controllers.split(",")).contains("freezer");
      if (matches) {
        return Optional.of(cgroupPath);
      }
    }
    return Optional.empty();
  }

  public Path path() {
    return path;
  }

  public CgroupVersion version() {
    return version;
  }

  /** The root of its hierarchy: every process of the host, never freezable. */
  public boolean isRoot() {
    return root;
  }

  /** Pids in this cgroup and all its descendants, in ascending order. */
  public SortedSet<Integer> processes() throws IOException {
    SortedSet<Integer> pids = new TreeSet<>();
    collect(path, pids, true);
    return Collections.unmodifiableSortedSet(pids);
  }

  /** The freezer of this cgroup. */
  public Freezer freezer() {
    return version == CgroupVersion.V2 ? new CgroupV2Freezer(this) : new CgroupV1Freezer(this);
  }

  /** The file whose value freezes and thaws this cgroup. */
  Path freezerFile() {
    return path.resolve(version == CgroupVersion.V2 ? V2_FREEZE : V1_STATE);
  }

  /** What to write to {@link #freezerFile()} to thaw. */
  String thawValue() {
    return version == CgroupVersion.V2 ? "0" : "THAWED";
  }

  private void collect(Path dir, Set<Integer> pids, boolean top) throws IOException {
    try {
      addPids(CgroupFiles.readBytes(dir.resolve(PROCS)), pids, dir);
      // A v2 container cgroup is a leaf, which cgroup.stat tells without listing the directory.
      if (version == CgroupVersion.V2 && !hasDescendants(dir)) {
        return;
      }
      try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
        for (Path child : children) {
          collect(child, pids, false);
        }
      }
    } catch (NoSuchFileException e) {
      // A child cgroup removed while we walk had no processes left: nothing to add.
      if (top) {
        throw new IOException("Cannot list the processes of " + dir + ": it does not exist", e);
      }
    }
  }

  /** Adds the pids of a cgroup.procs text: decimal numbers, one per line. */
  static void addPids(byte[] procs, Set<Integer> pids, Path dir) throws IOException {
    int value = 0;
    boolean inNumber = false;
    for (byte b : procs) {
      if (b >= '0' && b <= '9') {
        value = value * 10 + (b - '0');
        inNumber = true;
      } else if (b == '\n') {
        if (inNumber) {
          pids.add(value);
        }
        value = 0;
        inNumber = false;
      } else {
        throw new IOException("Unexpected byte " + b + " in " + dir.resolve(PROCS));
      }
    }
    if (inNumber) {
      pids.add(value);
    }
  }

  /**
   * Whether a v2 cgroup has child cgroups, from the {@code nr_descendants} key of {@code
   * cgroup.stat}; true when the file or the key is missing, so that callers look.
   */
  static boolean hasDescendants(Path dir) throws IOException {
    String stat;
    try {
      stat = CgroupFiles.read(dir.resolve(V2_STAT));
    } catch (NoSuchFileException e) {
      // Every v2 cgroup has the file since Linux 4.14; without it, or without the cgroup, the
      // caller's listing tells.
      return true;
    }
    for (String line : stat.split("\n")) {
      if (line.startsWith("nr_descendants ")) {
        return !line.substring("nr_descendants ".length()).trim().equals("0");
      }
    }
    return true;
  }

  private static String notFreezable(Path dir) {
    if (Files.exists(dir.resolve("cgroup.controllers"))) {
      return "Cannot freeze "
          + dir
          + ": a cgroup v2 directory without cgroup.freeze (needs Linux 5.2 or later)";
    }
    if (Files.exists(dir.resolve(PROCS))) {
      return "Cannot freeze "
          + dir
          + ": a cgroup v1 directory outside the freezer hierarchy (use the path under the"
          + " freezer mount, e.g. /sys/fs/cgroup/freezer/...)";
    }
    return "Not a cgroup: " + dir + " has neither cgroup.freeze nor freezer.state";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cgroup other && path.equals(other.path) && version == other.version;
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + version.hashCode();
  }

  @Override
  public String toString() {
    return "cgroup " + version.name().toLowerCase() + " " + path;
  }
}
