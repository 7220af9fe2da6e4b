package dev.predump.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks up front what the kernel would refuse later with a less helpful error. */
final class Privileges {
  private Privileges() {}

  static void requireRoot(String what) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:")) {
        String effective = line.split("\\s+")[2];
        if (!"0".equals(effective)) {
          throw new IOException(
              what + " needs root: it stops processes and reads their memory (try sudo)");
        }
        return;
      }
    }
  }
}
