package dev.predump.agent.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A python3 process started through a shell that exits at once, so it is not this JVM's child:
 * Java's process reaper must not see its ptrace stops. Its stdout goes to a file.
 */
final class Grandchild implements AutoCloseable {

  private final int pid;
  private final Path output;

  private Grandchild(int pid, Path output) {
    this.pid = pid;
    this.output = output;
  }

  static Grandchild python(String code) throws IOException, InterruptedException {
    Path output = Files.createTempFile("grandchild", ".out");
    output.toFile().deleteOnExit();
    Process shell =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "python3 -u -c \"$1\" >\"$2\" 2>&1 </dev/null & echo $!",
                "sh",
                code,
                output.toString())
            .redirectErrorStream(true)
            .start();
    String line = new String(shell.getInputStream().readAllBytes()).trim();
    shell.waitFor(30, TimeUnit.SECONDS);
    return new Grandchild(Integer.parseInt(line), output);
  }

  int pid() {
    return pid;
  }

  /** Waits for the first line the process prints. */
  String firstLine() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              List<String> lines = Files.readAllLines(output);
              return lines.isEmpty() || !Files.readString(output).contains("\n")
                  ? null
                  : lines.get(0);
            },
            l -> l != null);
  }

  @Override
  public void close() {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    // It is not our child, so we cannot reap it; wait until it has at least stopped running.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !Files.exists(Path.of("/proc/" + pid)) || state(pid) == 'Z');
  }

  static char state(int pid) throws IOException {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (java.nio.file.NoSuchFileException e) {
      return 'X';
    }
  }
}
