package dev.predump.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a predump command in its own JVM and samples its peak resident memory (VmHWM) and the pipes
 * it holds open beyond stdin, stdout and stderr.
 */
record AgentProbe(long peakRssBytes, int maxPipes) {

  static AgentProbe run(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-XX:+UseSerialGC");
    // Sized as in the chart's default agent container (768 MiB limit, heap 60% of it): on a large
    // host the JVM would otherwise start with a heap of 1/64 of the host's memory, and peak RSS
    // would measure how much of that young generation got touched, not what the agent keeps.
    cmd.add("-XX:MaxRAM=768m");
    cmd.add("-XX:MaxRAMPercentage=60.0");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.predump.agent.cli.PredumpCommand");
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long peak = 0;
    int pipes = 0;
    Path proc = Path.of("/proc", Long.toString(p.pid()));
    while (p.isAlive()) {
      try {
        peak = Math.max(peak, vmHwmBytes(proc));
        pipes = Math.max(pipes, pipesBeyondStdio(proc));
      } catch (IOException e) {
        // Exited between isAlive and the read.
      }
      p.waitFor(20, TimeUnit.MILLISECONDS);
    }
    if (p.exitValue() != 0) {
      throw new IOException("agent probe exited " + p.exitValue() + ": " + String.join(" ", args));
    }
    return new AgentProbe(peak, pipes);
  }

  private static long vmHwmBytes(Path proc) throws IOException {
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  private static int pipesBeyondStdio(Path proc) throws IOException {
    int n = 0;
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      for (Path fd : fds.toList()) {
        int number = Integer.parseInt(fd.getFileName().toString());
        if (number > 2) {
          try {
            if (Files.readSymbolicLink(fd).toString().startsWith("pipe:")) {
              n++;
            }
          } catch (IOException e) {
            // Closed meanwhile.
          }
        }
      }
    }
    return n;
  }
}
