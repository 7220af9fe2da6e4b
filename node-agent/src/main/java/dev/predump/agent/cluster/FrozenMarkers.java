package dev.predump.agent.cluster;

import dev.predump.agent.cgroup.Cgroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * One file per cgroup this agent is about to freeze, written before the freeze and removed after
 * the thaw, so that an agent restarted after a crash thaws what its predecessor left frozen (the
 * engine's thaw guard covers a dying JVM, not a killed guard or a rebooted container).
 */
public final class FrozenMarkers {
  private final Path dir;

  /** Markers kept in {@code dir} (created on first use). */
  public FrozenMarkers(Path dir) {
    this.dir = dir;
  }

  private Path fileOf(Path cgroup) {
    // A digest of the cgroup path: flat, unique and short enough for any path length.
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(cgroup.toString().getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }

  /** Records that {@code cgroup} is being frozen. */
  public void mark(Path cgroup) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(fileOf(cgroup), cgroup.toString());
  }

  /** Records that {@code cgroup} was thawed. */
  public void clear(Path cgroup) throws IOException {
    Files.deleteIfExists(fileOf(cgroup));
  }

  /** The cgroups marked and not cleared. */
  public List<Path> marked() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> result = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        result.add(Path.of(Files.readString(f).trim()));
      }
    }
    return result;
  }

  /**
   * Thaws every marked cgroup that still exists and removes its marker; returns the cgroups thawed.
   */
  public List<Path> thawAll() throws IOException {
    List<Path> thawed = new ArrayList<>();
    for (Path cgroup : marked()) {
      if (Files.isDirectory(cgroup)) {
        Cgroup.at(cgroup).freezer().thaw();
        thawed.add(cgroup);
      }
      clear(cgroup);
    }
    return thawed;
  }
}
