package dev.predump.agent.cgroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Captured files under src/test/resources/cgroup, and fake cgroup directories made of files. */
final class CgroupFixtures {

  private CgroupFixtures() {}

  static String text(String name) {
    try (InputStream in = CgroupFixtures.class.getResourceAsStream("/cgroup/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture /cgroup/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A directory that looks like a v2 cgroup whose kernel never reports it frozen. */
  static Path fakeV2(Path dir, String frozen, String... pids) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cgroup.freeze"), "0\n");
    Files.writeString(dir.resolve("cgroup.events"), "populated 1\nfrozen " + frozen + "\n");
    Files.writeString(dir.resolve("cgroup.procs"), lines(pids));
    return dir;
  }

  /** A directory that looks like a v1 freezer cgroup. */
  static Path fakeV1(Path dir, String... pids) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("freezer.state"), "THAWED\n");
    Files.writeString(dir.resolve("cgroup.procs"), lines(pids));
    return dir;
  }

  private static String lines(String... pids) {
    return pids.length == 0 ? "" : String.join("\n", pids) + "\n";
  }
}
