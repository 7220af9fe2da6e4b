package dev.predump.agent.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where this process sees the cgroup hierarchies that can freeze: cgroup v2 (unified) and the v1
 * freezer, from {@code /proc/self/mountinfo}. Handles hybrid hosts (v2 at {@code
 * /sys/fs/cgroup/unified}), legacy hosts (v1 only) and pure v2 hosts (v2 at {@code
 * /sys/fs/cgroup}).
 */
public final class CgroupMounts {

  /**
   * One mounted hierarchy.
   *
   * @param version V2 for cgroup2, V1 for the hierarchy with the freezer controller
   * @param mountPoint where it is mounted
   * @param root the cgroup shown at the mount point ({@code "/"} unless a cgroup namespace or bind
   *     mount shows only a subtree)
   */
  public record Mount(CgroupVersion version, Path mountPoint, String root) {

    /** The directory of a cgroup path as {@code /proc/PID/cgroup} names it. */
    public Path resolve(String cgroupPath) throws IOException {
      String relative;
      if (root.equals("/")) {
        relative = cgroupPath;
      } else if (cgroupPath.equals(root) || cgroupPath.startsWith(root + "/")) {
        relative = cgroupPath.substring(root.length());
      } else {
        throw new IOException(
            "Cgroup "
                + cgroupPath
                + " lies outside the part of the "
                + version
                + " hierarchy mounted at "
                + mountPoint
                + " (which shows "
                + root
                + ")");
      }
      if (relative.contains("/../") || relative.startsWith("/..") || relative.equals("..")) {
        throw new IOException("Cgroup " + cgroupPath + " lies outside this cgroup namespace");
      }
      String trimmed = relative.startsWith("/") ? relative.substring(1) : relative;
      return trimmed.isEmpty() ? mountPoint : mountPoint.resolve(trimmed);
    }
  }

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private final Optional<Mount> v2;
  private final Optional<Mount> v1Freezer;

  private CgroupMounts(Optional<Mount> v2, Optional<Mount> v1Freezer) {
    this.v2 = v2;
    this.v1Freezer = v1Freezer;
  }

  /** The hierarchies mounted in this process's mount namespace now. */
  public static CgroupMounts current() throws IOException {
    try {
      return parse(Files.readString(MOUNTINFO));
    } catch (IOException e) {
      throw new IOException("Cannot read " + MOUNTINFO + ": " + e.getMessage(), e);
    }
  }

  /** Parses a mountinfo text; the first mount of each kind wins. */
  public static CgroupMounts parse(String mountinfo) {
    Mount v2 = null;
    Mount v1 = null;
    for (String line : mountinfo.split("\n")) {
      // id parent major:minor root mount-point options [optional...] - fstype source super-options
      String[] fields = line.split(" ");
      int separator = Arrays.asList(fields).indexOf("-");
      if (separator < 6 || fields.length < separator + 4) {
        continue;
      }
      String fsType = fields[separator + 1];
      String root = unescape(fields[3]);
      Path mountPoint = Path.of(unescape(fields[4]));
      if (fsType.equals("cgroup2") && v2 == null) {
        v2 = new Mount(CgroupVersion.V2, mountPoint, root);
      } else if (fsType.equals("cgroup")
          && v1 == null
          && Arrays.asList(fields[separator + 3].split(",")).contains("freezer")) {
        v1 = new Mount(CgroupVersion.V1, mountPoint, root);
      }
    }
    return new CgroupMounts(Optional.ofNullable(v2), Optional.ofNullable(v1));
  }

  public Optional<Mount> v2() {
    return v2;
  }

  public Optional<Mount> v1Freezer() {
    return v1Freezer;
  }

  /** The hierarchy of a version, if mounted. */
  public Optional<Mount> of(CgroupVersion version) {
    return version == CgroupVersion.V2 ? v2 : v1Freezer;
  }

  /** Whether {@code dir} is the mount point of a hierarchy (the root this process can see). */
  public boolean isMountPoint(Path dir) {
    Path normal = dir.toAbsolutePath().normalize();
    return v2.map(m -> m.mountPoint().equals(normal)).orElse(false)
        || v1Freezer.map(m -> m.mountPoint().equals(normal)).orElse(false);
  }

  // mountinfo escapes space, tab, newline and backslash as \ooo octal.
  private static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
