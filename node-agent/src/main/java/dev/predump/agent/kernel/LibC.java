package dev.predump.agent.kernel;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.pid_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * Owns the C library binding: the only class that calls native code.
 *
 * <p>Every wrapper reads errno right after its call, on the calling thread ({@code @SaveError}),
 * and either throws a {@link KernelException} or, where the caller decides what an error means
 * (races of a running process), returns {@code -errno}. Assumes a 64-bit Linux (LP64) ABI.
 */
final class LibC {

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int ESRCH = 3;
  static final int EINTR = 4;
  static final int EIO = 5;
  static final int ECHILD = 10;
  static final int ENOMEM = 12;
  static final int EFAULT = 14;
  static final int EINVAL = 22;
  static final int ENOTTY = 25;
  static final int EACCES = 13;
  static final int EBUSY = 16;
  static final int ENODEV = 19;
  static final int ENOSPC = 28;
  static final int ERANGE = 34;
  static final int ETIMEDOUT = 110;

  static final int O_RDONLY = 0;
  static final int O_WRONLY = 1;
  static final int O_TRUNC = 0x200;
  static final int O_CLOEXEC = 0x80000;

  static final int PROT_NONE = 0;
  static final int PROT_READ = 1;
  static final int PROT_WRITE = 2;
  static final int MAP_PRIVATE = 2;
  static final int MAP_ANONYMOUS = 0x20;
  static final int MADV_HUGEPAGE = 14;

  static final short POLLPRI = 0x2;

  static final int SCHED_FIFO = 1;
  static final int SCHED_RR = 2;
  static final int SCHED_RESET_ON_FORK = 0x40000000;

  /** The narrow binding; only the calls this package needs. */
  public interface Native {
    @SaveError
    @ssize_t
    long process_vm_readv(
        @pid_t int pid,
        Pointer local_iov,
        long liovcnt,
        Pointer remote_iov,
        long riovcnt,
        long flags);

    @SaveError
    int open(String pathname, int flags, int mode);

    @SaveError
    int close(int fd);

    @SaveError
    @ssize_t
    long pread(int fd, Pointer buf, @size_t long count, long offset);

    @SaveError
    @ssize_t
    long write(int fd, byte[] buf, @size_t long count);

    @SaveError
    @ssize_t
    long pwrite(int fd, @In byte[] buf, @size_t long count, long offset);

    @SaveError
    int poll(Pointer fds, long nfds, int timeout);

    @SaveError
    int ioctl(int fd, long request, Pointer arg);

    @SaveError
    long ptrace(int request, @pid_t int pid, long addr, long data);

    @SaveError
    @pid_t
    int waitpid(@pid_t int pid, @Out int[] wstatus, int options);

    @SaveError
    Pointer mmap(Pointer addr, @size_t long length, int prot, int flags, int fd, long offset);

    @SaveError
    int munmap(Pointer addr, @size_t long length);

    @SaveError
    int mprotect(Pointer addr, @size_t long length, int prot);

    @SaveError
    int madvise(Pointer addr, @size_t long length, int advice);

    int getpagesize();

    @SaveError
    int sched_setscheduler(@pid_t int pid, int policy, @In int[] param);

    @SaveError
    int sched_getscheduler(@pid_t int pid);
  }

  private static final Native NATIVE = LibraryLoader.create(Native.class).load("c");
  private static final Runtime RUNTIME = Runtime.getRuntime(NATIVE);

  /** The kernel's base page size, read once. */
  static final int PAGE_SIZE = NATIVE.getpagesize();

  private LibC() {}

  static Runtime runtime() {
    return RUNTIME;
  }

  private static int errno() {
    return RUNTIME.getLastError();
  }

  /** process_vm_readv(2): bytes read, or {@code -errno}. */
  static long processVmReadv(int pid, Pointer localIov, int localCount, Pointer remoteIov, int n) {
    long r = NATIVE.process_vm_readv(pid, localIov, localCount, remoteIov, n, 0);
    return r < 0 ? -errno() : r;
  }

  /** open(2) of a file; {@code /proc/PID/...} paths that do not exist mean the process is gone. */
  static int open(String path, int flags, int pid) throws KernelException {
    int fd = NATIVE.open(path, flags | O_CLOEXEC, 0);
    if (fd < 0) {
      int err = errno();
      if (pid > 0 && (err == ENOENT || err == ESRCH)) {
        throw new NoSuchProcessException(pid, "open " + path);
      }
      throw new KernelException("open " + path, err);
    }
    return fd;
  }

  static void close(int fd) {
    // Linux releases the descriptor even when close reports an error: nothing to retry.
    NATIVE.close(fd);
  }

  /** pread(2): bytes read (0 at end of file), or {@code -errno}. */
  static long pread(int fd, Pointer buf, long count, long offset) {
    long r;
    do {
      r = NATIVE.pread(fd, buf, count, offset);
    } while (r < 0 && errno() == EINTR);
    return r < 0 ? -errno() : r;
  }

  static void write(int fd, byte[] data, String what) throws KernelException {
    long r = NATIVE.write(fd, data, data.length);
    if (r < 0) {
      throw new KernelException("write " + what, errno());
    }
    if (r != data.length) {
      throw new KernelException("write " + what + " (short write)", EIO);
    }
  }

  /** pwrite(2) of all of {@code data} at {@code offset}: bytes written, or {@code -errno}. */
  static long pwrite(int fd, byte[] data, long offset) {
    long r;
    do {
      r = NATIVE.pwrite(fd, data, data.length, offset);
    } while (r < 0 && errno() == EINTR);
    return r < 0 ? -errno() : r;
  }

  /**
   * poll(2) of one descriptor described by the 8-byte {@code struct pollfd} at {@code pollFd}: the
   * number of ready descriptors (0 on timeout), or {@code -errno} (EINTR included: the caller
   * rechecks its condition anyway).
   */
  static int poll(Pointer pollFd, int timeoutMillis) {
    int r = NATIVE.poll(pollFd, 1, timeoutMillis);
    return r < 0 ? -errno() : r;
  }

  /** ioctl(2) with a pointer argument: the result, or {@code -errno}. */
  static int ioctl(int fd, long request, Pointer arg) {
    int r = NATIVE.ioctl(fd, request, arg);
    return r < 0 ? -errno() : r;
  }

  /** ptrace(2): 0 (or the requested value), or {@code -errno}. Only for requests that return 0. */
  static long ptrace(int request, int pid, long addr, long data) {
    long r = NATIVE.ptrace(request, pid, addr, data);
    return r < 0 ? -errno() : r;
  }

  /** waitpid(2): the pid reported (0 with WNOHANG when none), or {@code -errno}. */
  static int waitpid(int pid, int[] status, int options) {
    int r;
    do {
      r = NATIVE.waitpid(pid, status, options);
    } while (r < 0 && errno() == EINTR);
    return r < 0 ? -errno() : r;
  }

  /** An anonymous private read-write mapping in this process (for kernel probes). */
  static Pointer mapAnonymous(long length) throws KernelException {
    Pointer p =
        NATIVE.mmap(null, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    // MAP_FAILED is (void *) -1.
    if (p == null || p.address() == -1L) {
      throw new KernelException("mmap", errno());
    }
    return p;
  }

  /** mprotect(2). */
  static void protect(Pointer address, long length, int prot) throws KernelException {
    if (NATIVE.mprotect(address, length, prot) != 0) {
      throw new KernelException("mprotect", errno());
    }
  }

  /** madvise(2): 0, or {@code -errno}. */
  static int madvise(Pointer address, long length, int advice) {
    int r = NATIVE.madvise(address, length, advice);
    return r < 0 ? -errno() : r;
  }

  /**
   * sched_setscheduler(2) of the calling thread (Linux applies pid 0 to the thread, not the
   * process): 0, or {@code -errno}.
   */
  static int setScheduler(int policy, int priority) {
    int r = NATIVE.sched_setscheduler(0, policy, new int[] {priority});
    return r < 0 ? -errno() : r;
  }

  /** sched_getscheduler(2) of the calling thread: the policy, or {@code -errno}. */
  static int scheduler() {
    int r = NATIVE.sched_getscheduler(0);
    return r < 0 ? -errno() : r;
  }

  static void unmap(Pointer address, long length) {
    NATIVE.munmap(address, length);
  }
}
