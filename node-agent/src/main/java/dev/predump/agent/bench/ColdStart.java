package dev.predump.agent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Round 1 of {@code predump dump --cgroup} in a fresh JVM: what the first PreDump after an agent
 * starts sees. With {@code -Dpredump.noWarmUp=true} the frozen path is not warmed up first.
 */
final class ColdStart {
  private static final Pattern FROZEN = Pattern.compile("\"round\":1,.*?\"frozen_time\":(\\d+)");

  private ColdStart() {}

  /** Milliseconds round 1 kept {@code cgroup} frozen, in a new process. */
  static double firstRoundFrozenMs(Path cgroup, Path chain, boolean warmUp)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-XX:+UseSerialGC");
    if (!warmUp) {
      cmd.add("-Dpredump.noWarmUp=true");
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.predump.agent.cli.PredumpCommand");
    cmd.addAll(
        List.of(
            "dump",
            "--cgroup",
            cgroup.toString(),
            "--rounds",
            "1",
            "--tracking",
            "hash",
            "--json",
            "--out",
            chain.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("cold-start dump exited " + p.exitValue() + ": " + out.strip());
    }
    Matcher m = FROZEN.matcher(out);
    if (!m.find()) {
      throw new IOException("cold-start dump printed no round 1: " + out.strip());
    }
    return Long.parseLong(m.group(1)) / 1000.0;
  }
}
