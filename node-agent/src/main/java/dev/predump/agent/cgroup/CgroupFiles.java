package dev.predump.agent.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads and writes cgroup control files, with messages that name the file. */
final class CgroupFiles {

  private CgroupFiles() {}

  static String read(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("Cannot read " + file + ": the cgroup does not exist (removed?)", e);
    } catch (IOException e) {
      throw new IOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void write(Path file, String value) throws IOException {
    try {
      // No CREATE: a vanished cgroup must fail, not get a stray file.
      Files.writeString(
          file,
          value,
          StandardCharsets.UTF_8,
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (NoSuchFileException e) {
      throw new IOException(
          "Cannot write '" + value + "' to " + file + ": the cgroup does not exist (removed?)", e);
    } catch (IOException e) {
      throw new IOException("Cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
    }
  }
}
