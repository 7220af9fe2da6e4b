package dev.predump.agent.cgroup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A watchdog process that thaws a cgroup when the agent dies (SIGKILL included) or overruns its
 * freeze deadline while the cgroup is frozen.
 *
 * <p>It is a small POSIX shell script ({@code thaw-guard.sh}, needs {@code sh} and {@code
 * timeout(1)}) fed commands through a pipe: {@link #arm} before each freeze, {@link #disarm} after
 * each thaw. When the agent dies, the kernel closes the pipe and the script sees end of input;
 * while armed it waits for the next command under {@code timeout(1)}, so a hung agent lets the
 * deadline expire. Either way it writes the thaw value into the freezer file itself. An image
 * without a shell (distroless) cannot run it: {@link #start} then fails, and the engine must not
 * freeze.
 *
 * <p>The script runs in its own session ({@code setsid}, where the binary exists) so a signal to
 * the agent's process group (Ctrl-C of the CLI, {@code kill -- -PGID}) does not take it down
 * together with the agent; it also ignores SIGINT/SIGHUP and acts on SIGTERM by thawing if armed.
 * It exits by itself once the agent is gone, so it never outlives the agent by more than a thaw.
 * What it cannot survive is a SIGKILL of every process of the agent's container (a container stop):
 * that path relies on the agent's own shutdown thaw on SIGTERM before the grace period.
 */
public final class ThawGuard implements AutoCloseable {

  private static final String SCRIPT = "thaw-guard.sh";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(2);
  private static final List<String> SHELLS =
      List.of("/bin/sh", "/usr/bin/sh", "/bin/bash", "/usr/bin/bash");
  private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");

  private final Cgroup cgroup;
  private final Process process;
  private final OutputStream commands;
  private final long pid;
  private final AtomicLong fired;
  private boolean armed;
  private boolean closed;

  private ThawGuard(Cgroup cgroup, Process process, long pid, AtomicLong fired) {
    this.cgroup = cgroup;
    this.fired = fired;
    this.process = process;
    this.commands = process.getOutputStream();
    this.pid = pid;
  }

  /** Starts the guard process of a cgroup; call once per engine run, before the first freeze. */
  public static ThawGuard start(Cgroup cgroup) throws IOException {
    List<String> command = new ArrayList<>();
    setsid().ifPresent(command::add);
    String shell = shell();
    command.addAll(
        List.of(
            shell,
            "-c",
            script(),
            "thaw-guard",
            cgroup.freezerFile().toString(),
            cgroup.thawValue(),
            shell));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    CompletableFuture<Long> ready = new CompletableFuture<>();
    AtomicLong fired = new AtomicLong();
    Thread reader =
        new Thread(
            () -> readReports(process.getInputStream(), ready, fired),
            "thaw-guard-" + cgroup.path().getFileName());
    reader.setDaemon(true);
    reader.start();
    long pid;
    try {
      pid = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("Interrupted while starting the thaw guard of " + cgroup, e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException(
          "The thaw guard of " + cgroup + " did not start (" + shell + " -c <" + SCRIPT + ">)", e);
    }
    return new ThawGuard(cgroup, process, pid, fired);
  }

  /**
   * Tells the guard a freeze is coming: unless {@link #disarm()} follows within {@code deadline},
   * it thaws. Call before freezing, so that even a death between freeze and arm is covered. The
   * deadline also covers the guard starting timeout(1) and a shell (about a millisecond, more on a
   * loaded node), so keep it well above the freeze budget, e.g. one second.
   */
  public synchronized void arm(Duration deadline) throws IOException {
    // concat, not +: the first + at a call site links a string-concatenation bootstrap, which
    // costs milliseconds in a cold JVM right before a freeze.
    send("arm ".concat(Long.toString(Math.max(1, deadline.toMillis()))).concat("\n"));
    armed = true;
  }

  /** Tells the guard the cgroup is thawed; call after every thaw. */
  public synchronized void disarm() throws IOException {
    send("disarm\n");
    armed = false;
  }

  /** Whether the guard process is running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The guard's pid (its own session and process group). */
  public long pid() {
    return pid;
  }

  /**
   * How many deadlines have expired and been thawed by the guard, for stats and logs. The report
   * arrives asynchronously: to know whether a round was thawed under its feet, check {@link
   * Freezer#isFrozen()} before thawing.
   */
  public long firedCount() {
    return fired.get();
  }

  /** Stops the guard; if still armed it thaws first (the agent is done with the cgroup). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      commands.write("exit\n".getBytes(StandardCharsets.US_ASCII));
      commands.close();
    } catch (IOException e) {
      // Already gone: the pipe's end of input tells it the same.
    }
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return "thaw guard " + pid + " of " + cgroup + (armed ? " (armed)" : "");
  }

  private void send(String line) throws IOException {
    if (closed || !process.isAlive()) {
      throw new IOException(
          "The thaw guard of " + cgroup + " is not running: refusing to rely on it");
    }
    try {
      commands.write(line.getBytes(StandardCharsets.US_ASCII));
      commands.flush();
    } catch (IOException e) {
      throw new IOException("Cannot reach the thaw guard of " + cgroup + ": " + e.getMessage(), e);
    }
  }

  private static void readReports(InputStream in, CompletableFuture<Long> ready, AtomicLong fired) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("ready ")) {
          ready.complete(Long.parseLong(line.substring("ready ".length()).trim()));
        } else if (line.startsWith("fired")) {
          fired.incrementAndGet();
        }
      }
    } catch (IOException | NumberFormatException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IOException("the guard exited before it was ready"));
  }

  static String script() throws IOException {
    try (InputStream in = ThawGuard.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IOException("Resource " + SCRIPT + " is missing from the agent's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String shell() throws IOException {
    return SHELLS.stream()
        .filter(s -> Files.isExecutable(Path.of(s)))
        .findFirst()
        .orElseThrow(() -> new IOException("No POSIX shell for the thaw guard among " + SHELLS));
  }

  // setsid(1) execs in place when its caller is not a process-group leader, which a child of the
  // JVM never is, so the pid Java sees is the shell's own.
  private static Optional<String> setsid() {
    return SETSID.stream().filter(s -> Files.isExecutable(Path.of(s))).findFirst();
  }
}
