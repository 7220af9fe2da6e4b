package dev.predump.localcluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A jar started with {@code java -jar}, its output in a log file; closing kills it. */
public class JavaProcess implements AutoCloseable {
  private final String name;
  private final Path log;
  private final Process process;

  JavaProcess(
      String name,
      Path jar,
      List<String> jvmArgs,
      List<String> args,
      Map<String, String> env,
      Path log)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath().normalize()
              + " is missing: build it first (./mvnw -B package -DskipTests)");
    }
    this.name = name;
    this.log = log;
    Files.createDirectories(log.getParent());
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().putAll(env);
    this.process = pb.start();
    Processes.track(process);
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL, and waits for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** The exit code, or -1 while it runs. */
  public int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** The last {@code lines} lines of the log. */
  public String logTail(int lines) {
    String[] all = logText().split("\n", -1);
    int from = Math.max(0, all.length - lines - 1);
    return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length)).stripTrailing();
  }

  /** The whole log so far. */
  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    }
    Processes.untrack(process);
  }
}
