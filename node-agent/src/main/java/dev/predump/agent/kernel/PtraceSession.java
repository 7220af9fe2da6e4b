package dev.predump.agent.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One ptrace stop of one process. Every ptrace and waitpid call runs on the session's own thread:
 * the kernel ties a tracee to the thread that attached, and detaches all its tracees when that
 * thread exits, which is also the safety net here.
 */
final class PtraceSession implements PtraceStopper.StoppedProcess {

  static final int PTRACE_CONT = 7;
  static final int PTRACE_DETACH = 17;
  static final int PTRACE_SEIZE = 0x4206;
  static final int PTRACE_INTERRUPT = 0x4207;
  static final int WNOHANG = 1;
  static final int WALL = 0x40000000;

  private static final Cleaner CLEANER = Cleaner.create();

  private final int pid;
  private final ExecutorService tracer;
  // Touched only on the tracer thread.
  private final Set<Integer> seized = new LinkedHashSet<>();
  private final Set<Integer> gone = new HashSet<>();
  private volatile Set<Integer> threads = Set.of();
  private boolean resumed;

  private PtraceSession(int pid) {
    this.pid = pid;
    this.tracer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "ptrace-" + pid);
              t.setDaemon(true);
              return t;
            });
  }

  static PtraceSession stop(int pid, Duration timeout) throws IOException {
    PtraceSession session = new PtraceSession(pid);
    // A caller that drops the session without resuming must not leave the process stopped: when
    // the session is collected, the tracer thread ends and the kernel detaches the threads.
    CLEANER.register(session, session.tracer::shutdown);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      session.threads = session.onTracer(() -> session.seizeAll(deadline));
      return session;
    } catch (IOException | RuntimeException e) {
      session.tracer.shutdown();
      throw e;
    }
  }

  @Override
  public int pid() {
    return pid;
  }

  @Override
  public Set<Integer> threads() {
    return threads;
  }

  @Override
  public synchronized void resume() {
    if (resumed) {
      return;
    }
    resumed = true;
    try {
      onTracer(
          () -> {
            detachAll();
            return null;
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      // The tracer thread ends; the kernel detaches anything a failed detach left behind.
      tracer.shutdown();
    }
  }

  @Override
  public void close() {
    resume();
  }

  private Set<Integer> seizeAll(long deadline) throws IOException {
    try {
      Set<Integer> pending = new LinkedHashSet<>();
      // Seize, wait for the stops, list again: done when a listing taken while every known
      // thread is stopped shows no new one (stopped threads cannot clone).
      while (true) {
        for (int tid : listThreads()) {
          if (!seized.contains(tid) && !gone.contains(tid) && seize(tid)) {
            pending.add(tid);
          }
        }
        if (pending.isEmpty()) {
          break;
        }
        waitForStops(pending, deadline);
      }
      if (seized.isEmpty()) {
        throw new NoSuchProcessException(pid, "ptrace PTRACE_SEIZE");
      }
      return Set.copyOf(seized);
    } catch (IOException | RuntimeException e) {
      detachAll();
      throw e;
    }
  }

  private boolean seize(int tid) throws KernelException {
    long r = LibC.ptrace(PTRACE_SEIZE, tid, 0, 0);
    if (r == -LibC.ESRCH) {
      // The thread exited between the listing and the seize.
      gone.add(tid);
      return false;
    }
    if (r < 0) {
      throw new KernelException("ptrace PTRACE_SEIZE thread " + tid + " of pid " + pid, (int) -r);
    }
    seized.add(tid);
    // ESRCH here means it died just now; waitpid reports its exit.
    LibC.ptrace(PTRACE_INTERRUPT, tid, 0, 0);
    return true;
  }

  private void waitForStops(Set<Integer> pending, long deadline) throws KernelException {
    int[] status = new int[1];
    long pause = 20_000;
    while (!pending.isEmpty()) {
      boolean progress = false;
      for (int tid : new ArrayList<>(pending)) {
        int r = LibC.waitpid(tid, status, WALL | WNOHANG);
        if (r == 0) {
          continue;
        }
        progress = true;
        if (r == -LibC.ECHILD) {
          forget(tid, pending);
          continue;
        }
        if (r < 0) {
          throw new KernelException("waitpid thread " + tid + " of pid " + pid, -r);
        }
        handle(tid, new WaitStatus(status[0]), pending);
      }
      if (progress) {
        pause = 20_000;
        continue;
      }
      for (int tid : new ArrayList<>(pending)) {
        if (isZombie(tid)) {
          forget(tid, pending);
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new KernelException(
            "waitpid: threads " + pending + " of pid " + pid + " did not stop in time",
            LibC.ETIMEDOUT);
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, 2_000_000);
    }
  }

  private void handle(int tid, WaitStatus status, Set<Integer> pending) throws KernelException {
    if (status.exited() || status.killed()) {
      forget(tid, pending);
    } else if (status.stopped() && status.event() == WaitStatus.PTRACE_EVENT_STOP) {
      // Our interrupt, or a group stop that was already under way: stopped either way.
      pending.remove(tid);
    } else if (status.stopped()) {
      // A signal arrived before the interrupt: hand it back; the pending interrupt traps next.
      int signal = status.event() == 0 ? status.stopSignal() : 0;
      long r = LibC.ptrace(PTRACE_CONT, tid, 0, signal);
      if (r == -LibC.ESRCH) {
        forget(tid, pending);
      } else if (r < 0) {
        throw new KernelException("ptrace PTRACE_CONT thread " + tid, (int) -r);
      }
    }
  }

  private void forget(int tid, Set<Integer> pending) {
    pending.remove(tid);
    seized.remove(tid);
    gone.add(tid);
  }

  /** A thread that is a zombie never reports a stop (e.g. a leader that called pthread_exit). */
  private boolean isZombie(int tid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException e) {
      return true; // gone altogether
    }
  }

  private void detachAll() {
    for (int tid : seized) {
      // ESRCH: the thread is gone, or not stopped; the tracer thread's exit detaches the latter.
      LibC.ptrace(PTRACE_DETACH, tid, 0, 0);
    }
    seized.clear();
  }

  private List<Integer> listThreads() throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      return tasks.map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
    } catch (NoSuchFileException e) {
      throw new NoSuchProcessException(pid, "list /proc/" + pid + "/task");
    }
  }

  /** Runs on the tracer thread and waits for it, even when the caller is interrupted. */
  private <T> T onTracer(Callable<T> work) throws IOException {
    Future<T> result = tracer.submit(work);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          // Leaving early would abandon threads half-stopped; the work has its own deadline.
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
