package dev.predump.agent.cgroup;

import dev.predump.agent.kernel.ControlFile;
import dev.predump.agent.kernel.KernelException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes cgroup control files, with messages that name the file. Plain system calls (see
 * {@link ControlFile}), as the freezer's writes and reads happen while the container is frozen. A
 * missing file is a {@link NoSuchFileException}, so that a walk can tell a cgroup removed under it.
 */
final class CgroupFiles {

  private static final int ENOENT = 2;

  private CgroupFiles() {}

  static String read(Path file) throws IOException {
    try (ControlFile f = ControlFile.openForReading(file)) {
      return f.readString();
    } catch (KernelException e) {
      throw failure("Cannot read " + file, e);
    }
  }

  /** The raw bytes of a file; for files parsed without making a string of them. */
  static byte[] readBytes(Path file) throws IOException {
    try (ControlFile f = ControlFile.openForReading(file)) {
      return f.readAll();
    } catch (KernelException e) {
      throw failure("Cannot read " + file, e);
    }
  }

  static void write(Path file, String value) throws IOException {
    // Never created: a vanished cgroup must fail, not get a stray file.
    try (ControlFile f = ControlFile.openForWriting(file)) {
      f.write(value);
    } catch (KernelException e) {
      throw failure("Cannot write '" + value + "' to " + file, e);
    }
  }

  /** Opens {@code file} for reading, to be read again and again (and waited on). */
  static ControlFile open(Path file) throws IOException {
    try {
      return ControlFile.openForReading(file);
    } catch (KernelException e) {
      throw failure("Cannot read " + file, e);
    }
  }

  private static IOException failure(String what, KernelException e) {
    if (e.errno() == ENOENT) {
      NoSuchFileException gone =
          new NoSuchFileException(null, null, what + ": the cgroup does not exist (removed?)");
      gone.initCause(e);
      return gone;
    }
    return new IOException(what + ": " + e.reason(), e);
  }
}
