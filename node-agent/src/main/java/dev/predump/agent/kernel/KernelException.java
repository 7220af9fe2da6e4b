package dev.predump.agent.kernel;

import java.io.IOException;

/** A system call failed: carries the call's name and the errno it set. */
public class KernelException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String call;
  private final int errno;

  public KernelException(String call, int errno) {
    this(call, errno, call + " failed: " + describe(errno));
  }

  protected KernelException(String call, int errno, String message) {
    super(message);
    this.call = call;
    this.errno = errno;
  }

  /** The call that failed, with its target where useful, e.g. {@code "open /proc/42/mem"}. */
  public String call() {
    return call;
  }

  /** The errno value the call set. */
  public int errno() {
    return errno;
  }

  /** The errno in words, e.g. {@code "EBUSY (device or resource busy)"}. */
  public String reason() {
    return describe(errno);
  }

  /** True when the target process (or thread) no longer exists. */
  public boolean isNoSuchProcess() {
    return false;
  }

  static String describe(int errno) {
    String name =
        switch (errno) {
          case LibC.EPERM -> "EPERM (operation not permitted)";
          case LibC.ENOENT -> "ENOENT (no such file or directory)";
          case LibC.ESRCH -> "ESRCH (no such process)";
          case LibC.EINTR -> "EINTR (interrupted)";
          case LibC.EIO -> "EIO (input/output error)";
          case LibC.ECHILD -> "ECHILD (no child to wait for)";
          case LibC.ENOMEM -> "ENOMEM (out of memory)";
          case LibC.EFAULT -> "EFAULT (bad address)";
          case LibC.EINVAL -> "EINVAL (invalid argument)";
          case LibC.ENOTTY -> "ENOTTY (inappropriate ioctl)";
          case LibC.EACCES -> "EACCES (permission denied)";
          case LibC.EBUSY -> "EBUSY (device or resource busy)";
          case LibC.ENODEV -> "ENODEV (no such device)";
          case LibC.ENOSPC -> "ENOSPC (no space left on device)";
          case LibC.ERANGE -> "ERANGE (out of range)";
          case LibC.ETIMEDOUT -> "ETIMEDOUT (timed out)";
          default -> "errno " + errno;
        };
    return name;
  }
}
