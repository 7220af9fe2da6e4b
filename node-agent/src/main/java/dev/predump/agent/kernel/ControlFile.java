package dev.predump.agent.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A small file of a kernel pseudo file system (a cgroup control file such as {@code
 * cgroup.freeze}), read and written whole at offset 0 with plain system calls.
 *
 * <p>The freezer makes these calls while a container is frozen: compared with {@code
 * Files.writeString} they skip the charset and channel machinery, and {@link #awaitEvent} lets a
 * wait for {@code cgroup.events} wake when the kernel changes the file instead of sleeping in
 * growing steps that overshoot the moment the freeze completes.
 */
public final class ControlFile extends OpenFile {

  // Control files are a few lines; cgroup.procs of a large container is the longest one read.
  private static final int CHUNK = 16 * 1024;
  private static final ThreadLocal<Pointer> SCRATCH =
      ThreadLocal.withInitial(() -> Memory.allocateDirect(LibC.runtime(), CHUNK));

  private Pointer pollFd;

  private ControlFile(String path, int fd) {
    super(path, fd);
  }

  /** Opens {@code file} for reading; a missing file throws a KernelException with ENOENT. */
  public static ControlFile openForReading(Path file) throws KernelException {
    return new ControlFile(file.toString(), LibC.open(file.toString(), LibC.O_RDONLY, -1));
  }

  /**
   * Opens {@code file} for writing, never creating it. Truncating, as a shell's {@code >} does:
   * cgroupfs ignores it, a regular file (a test's fake cgroup) must not keep a longer old value.
   */
  public static ControlFile openForWriting(Path file) throws KernelException {
    return new ControlFile(
        file.toString(), LibC.open(file.toString(), LibC.O_WRONLY | LibC.O_TRUNC, -1));
  }

  /** The whole content, read from offset 0 (so the same descriptor can be read again). */
  public byte[] readAll() throws KernelException {
    Pointer scratch = SCRATCH.get();
    byte[] content = new byte[0];
    long offset = 0;
    while (true) {
      long n = LibC.pread(descriptor(), scratch, CHUNK, offset);
      if (n < 0) {
        throw new KernelException("read " + path(), (int) -n);
      }
      if (n == 0) {
        return content;
      }
      content = Arrays.copyOf(content, (int) (offset + n));
      scratch.get(0, content, (int) offset, (int) n);
      offset += n;
    }
  }

  /** The whole content as text. */
  public String readString() throws KernelException {
    return new String(readAll(), StandardCharsets.UTF_8);
  }

  /** Writes {@code value} at offset 0 in one call, as the kernel wants control values. */
  public void write(String value) throws KernelException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    long n = LibC.pwrite(descriptor(), bytes, 0);
    if (n < 0) {
      throw new KernelException("write '" + value + "' to " + path(), (int) -n);
    }
    if (n != bytes.length) {
      throw new KernelException("write '" + value + "' to " + path() + " (short write)", LibC.EIO);
    }
  }

  /**
   * Waits up to {@code timeoutMillis} for the kernel to signal a change of this file (cgroupfs
   * signals {@code cgroup.events} as POLLPRI). Returns whether it did; a caller must still read the
   * file, as the kernel may merge or, within 10 ms of the previous one, delay a notification.
   */
  public boolean awaitEvent(int timeoutMillis) throws KernelException {
    if (pollFd == null) {
      pollFd = Memory.allocateDirect(LibC.runtime(), 8);
    }
    // struct pollfd { int fd; short events; short revents; }
    pollFd.putInt(0, descriptor());
    pollFd.putShort(4, LibC.POLLPRI);
    pollFd.putShort(6, (short) 0);
    int r = LibC.poll(pollFd, timeoutMillis);
    if (r < 0 && r != -LibC.EINTR) {
      throw new KernelException("poll " + path(), -r);
    }
    return r > 0;
  }
}
