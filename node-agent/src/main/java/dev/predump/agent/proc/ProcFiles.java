package dev.predump.agent.proc;

import dev.predump.agent.kernel.NoSuchProcessException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads whole {@code /proc} files with as few read(2) calls as the kernel allows. */
final class ProcFiles {

  // seq_file files hand out at most one page per read(2) for maps and smaps (measured here: 16.7
  // KiB of maps in 5 reads) and the whole text for small files like stat and status. A buffer
  // larger than the file means no call is wasted and nothing is copied twice; it is kept per
  // thread and only grows, since the engine rereads maps every round.
  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(256 * 1024));

  private ProcFiles() {}

  /** The text of {@code /proc/<pid>/<name>}; a missing process becomes NoSuchProcessException. */
  static String read(int pid, String name) throws IOException {
    return read(Path.of("/proc", Integer.toString(pid), name), pid);
  }

  /** The text of a file; {@code pid} below 0 means the file belongs to no process. */
  static String read(Path file, int pid) throws IOException {
    ByteBuffer content = readWhole(file, pid);
    byte[] bytes = new byte[content.remaining()];
    content.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Reads {@code /proc/<pid>/<name>} into {@code into}, reusing its storage. */
  static void readInto(int pid, String name, ProcText into) throws IOException {
    into.fill(readWhole(Path.of("/proc", Integer.toString(pid), name), pid));
  }

  /** The whole file in this thread's buffer, flipped for reading; valid until the next call. */
  private static ByteBuffer readWhole(Path file, int pid) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = BUFFER.get();
      buffer.clear();
      while (channel.read(buffer) >= 0) {
        if (!buffer.hasRemaining()) {
          buffer = grow(buffer);
        }
      }
      return buffer.flip();
    } catch (NoSuchFileException e) {
      throw gone(pid, file, e);
    } catch (IOException e) {
      // A process that exits between open and read makes the kernel answer ESRCH.
      if (pid >= 0 && String.valueOf(e.getMessage()).contains("No such process")) {
        throw gone(pid, file, e);
      }
      throw new IOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code /proc/<pid>} exists (zombies included). */
  static boolean exists(int pid) {
    return Path.of("/proc", Integer.toString(pid)).toFile().exists();
  }

  static IOException gone(int pid, Path file, IOException cause) {
    if (pid < 0) {
      return new IOException("Cannot read " + file + ": it does not exist", cause);
    }
    NoSuchProcessException e = new NoSuchProcessException(pid, file.toString());
    e.initCause(cause);
    return e;
  }

  private static ByteBuffer grow(ByteBuffer full) {
    ByteBuffer bigger = ByteBuffer.allocateDirect(full.capacity() * 2);
    full.flip();
    bigger.put(full);
    BUFFER.set(bigger);
    return bigger;
  }
}
