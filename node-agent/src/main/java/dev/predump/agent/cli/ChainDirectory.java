package dev.predump.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Checks and creates the output directory of a new chain. */
final class ChainDirectory {
  private ChainDirectory() {}

  /**
   * Creates {@code dir} (0700) if missing; refuses one that already holds rounds or is not
   * writable.
   */
  static void prepareEmpty(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new IOException("output " + dir + " exists and is not a directory");
      }
      if (Files.exists(dir.resolve("latest")) || Files.isDirectory(dir.resolve("1"))) {
        throw new IOException(
            "output " + dir + " already holds rounds; give a new directory for a new chain");
      }
    } else {
      try {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (IOException e) {
        throw new IOException("cannot create output " + dir + ": " + OneLineErrors.describe(e), e);
      }
    }
    if (!Files.isWritable(dir)) {
      throw new IOException("output " + dir + " is not writable");
    }
    Path probe = dir.resolve(".predump-write-probe");
    try {
      Files.deleteIfExists(probe);
      Files.createFile(probe);
      Files.delete(probe);
    } catch (IOException e) {
      throw new IOException("output " + dir + " is not writable: " + OneLineErrors.describe(e), e);
    }
  }
}
