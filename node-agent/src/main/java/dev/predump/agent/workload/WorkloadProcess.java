package dev.predump.agent.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code predump workload} process, driven over its stdin: started by the demo, the tests and the
 * benchmark. Closing it kills the process and waits for it.
 *
 * <p>It is started through a shell, so the workload is a grandchild, not a child of this JVM:
 * Java's process reaper waits on its children and would swallow the stops of a ptrace session, and
 * a real target is never the agent's child either.
 */
public final class WorkloadProcess implements AutoCloseable {
  /** One mapping of the pattern, [start, end). */
  public record Region(long start, long end) {
    public long pages() {
      return (end - start) / 4096;
    }
  }

  private final Process launcher;
  private final ProcessHandle process;
  private final BufferedReader out;
  private final Writer in;
  private final List<Region> regions;
  private final Region sealed;

  private WorkloadProcess(
      Process launcher,
      ProcessHandle process,
      BufferedReader out,
      Writer in,
      List<Region> regions,
      Region sealed) {
    this.launcher = launcher;
    this.process = process;
    this.out = out;
    this.in = in;
    this.regions = regions;
    this.sealed = sealed;
  }

  /** Starts a workload JVM with this JVM's class path and waits until it is filled. */
  public static WorkloadProcess start(WorkloadSpec spec) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add("/bin/sh");
    cmd.add("-c");
    // The shell stays as the workload's parent and waits for it: the JDK closes a child's
    // stdout pipe once the child exits, even while a grandchild still writes to it. Stdin goes
    // through fd 3 because a background job of a non-interactive shell gets /dev/null as fd 0.
    cmd.add("exec 3<&0; \"$@\" <&3 3<&- & echo \"workload-pid $!\"; wait");
    cmd.add("sh");
    cmd.add(java);
    // Serial GC and a small heap: the workload allocates nothing in its loops, so the JVM's own
    // memory stays nearly unchanged between rounds.
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xmx32m");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.predump.agent.cli.PredumpCommand");
    cmd.add("workload");
    cmd.add("--size=" + spec.sizeBytes());
    cmd.add("--mappings=" + spec.mappings());
    cmd.add("--dirty-rate=" + spec.dirtyRate());
    cmd.add("--seed=" + spec.seed());
    if (spec.churn()) {
      cmd.add("--churn");
    }
    cmd.add("--sealed-pages=" + spec.sealedPages());
    // Its stderr goes to a file, so that a failure to start can say why.
    Path errors = Files.createTempFile("predump-workload-", ".err");
    errors.toFile().deleteOnExit();
    Process p = new ProcessBuilder(cmd).redirectError(errors.toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    List<Region> regions = new ArrayList<>();
    Region sealed = null;
    ProcessHandle workload = null;
    try {
      String line;
      while ((line = out.readLine()) != null && !line.equals("ready")) {
        if (line.startsWith("workload-pid ")) {
          long pid = Long.parseLong(line.substring("workload-pid ".length()).trim());
          workload = ProcessHandle.of(pid).orElse(null);
        } else if (line.startsWith("region 0x")) {
          regions.add(parseRegion(line.substring("region ".length())));
        } else if (line.startsWith("sealed 0x")) {
          sealed = parseRegion(line.substring("sealed ".length()));
        }
      }
      if (line == null || workload == null) {
        String why = Files.readString(errors).strip();
        throw new IOException(
            "workload exited before it was ready" + (why.isEmpty() ? "" : ": " + why));
      }
    } catch (IOException | RuntimeException e) {
      if (workload != null) {
        workload.destroyForcibly();
      }
      p.destroyForcibly();
      throw e;
    }
    return new WorkloadProcess(p, workload, out, in, regions, sealed);
  }

  private static Region parseRegion(String text) {
    String[] range = text.split("-");
    return new Region(
        Long.parseUnsignedLong(range[0].substring(2), 16),
        Long.parseUnsignedLong(range[1].substring(2), 16));
  }

  /** The PROT_NONE mapping, or null when the spec asked for none. */
  public Region sealed() {
    return sealed;
  }

  public int pid() {
    return (int) process.pid();
  }

  public List<Region> regions() {
    return regions;
  }

  /** Total pattern pages. */
  public long pages() {
    return regions.stream().mapToLong(Region::pages).sum();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Rewrites {@code count} pages and waits until done. */
  public void dirty(long count) throws IOException {
    command("dirty " + count, "dirtied ");
  }

  /** Runs the workload's self-check; true when every page holds its pattern. */
  public boolean check() throws IOException {
    return command("check", "check ").startsWith("check ok");
  }

  /** Sends SIGHUP, which makes the workload run its self-check; true when every page is intact. */
  public boolean checkOnHangup() throws IOException {
    try {
      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new IOException("kill -HUP " + process.pid() + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while signalling the workload");
    }
    return awaitLine("check ").startsWith("check ok");
  }

  private String awaitLine(String prefix) throws IOException {
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IOException("workload " + pid() + " exited while waiting for '" + prefix + "'");
  }

  private String command(String command, String replyPrefix) throws IOException {
    in.write(command + "\n");
    in.flush();
    return awaitLine(replyPrefix);
  }

  /** Kills the process and waits for it to be gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.onExit().get(10, TimeUnit.SECONDS);
      launcher.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Still reported alive after 10 s: nothing more a test can do about a SIGKILLed process.
    }
  }
}
