package dev.predump.agent.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Stops a bare process (one without a cgroup of its own to freeze) the way CRIU does: PTRACE_SEIZE
 * and PTRACE_INTERRUPT on every thread, then PTRACE_DETACH to resume.
 *
 * <p>Why this is safe: a ptrace stop lasts only as long as its tracer thread. All ptrace calls of
 * one stop run on a thread the {@link StoppedProcess} owns (the kernel only accepts ptrace requests
 * from the thread that attached); if that thread or this whole JVM dies, the kernel detaches every
 * tracee and they run on. A process can never be left stopped by a crash.
 *
 * <p>The target must not be a child of this JVM started through {@link ProcessBuilder}: Java's
 * process reaper thread waits on such children and would swallow their ptrace stops.
 */
public final class PtraceStopper {

  private PtraceStopper() {}

  /** A process whose threads are all in a ptrace stop until {@link #resume()}. */
  public interface StoppedProcess extends AutoCloseable {

    /** The process id. */
    int pid();

    /** The ids of the threads stopped. */
    Set<Integer> threads();

    /** Lets every thread run on; idempotent, callable from any thread. */
    void resume();

    /** Same as {@link #resume()}. */
    @Override
    void close();
  }

  /**
   * Stops every thread of {@code pid}, including threads it creates while being stopped.
   *
   * @param timeout how long to wait for all threads to stop; on timeout nothing stays stopped
   * @throws NoSuchProcessException when the process does not exist, has exited or is a zombie
   * @throws KernelException when ptrace is refused (EPERM: e.g. traced by a debugger already) or
   *     the threads did not stop in time (ETIMEDOUT)
   * @throws IllegalArgumentException for this JVM itself or one of its children
   */
  public static StoppedProcess stop(int pid, Duration timeout) throws IOException {
    checkTarget(pid);
    return PtraceSession.stop(pid, timeout);
  }

  private static void checkTarget(int pid) throws IOException {
    if (pid <= 0) {
      throw new IllegalArgumentException("Not a process id: " + pid);
    }
    long self = ProcessHandle.current().pid();
    if (pid == self) {
      throw new IllegalArgumentException("Cannot ptrace-stop this JVM itself (pid " + pid + ")");
    }
    String stat;
    try {
      stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    } catch (NoSuchFileException e) {
      throw new NoSuchProcessException(pid, "read /proc/" + pid + "/stat");
    }
    // Fields after the command name, which is in parentheses and may itself contain any byte.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    String state = fields[0];
    if (state.equals("Z") || state.equals("X")) {
      throw new NoSuchProcessException(
          pid,
          "ptrace-stop",
          "process "
              + pid
              + " is a zombie (exited, not yet reaped by its parent): nothing to stop");
    }
    if (Long.parseLong(fields[1]) == self) {
      throw new IllegalArgumentException(
          "Process "
              + pid
              + " is a child of this JVM: Java's process reaper would consume its ptrace stops");
    }
  }
}
