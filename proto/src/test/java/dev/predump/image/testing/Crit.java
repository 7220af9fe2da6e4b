package dev.predump.image.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs CRIU's {@code crit} on an image file and returns its JSON, parsed by {@link Json}. */
public final class Crit {
  private static final long TIMEOUT_SECONDS = 60;

  private Crit() {}

  /** The crit executable on PATH, or null. */
  public static Path executable() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "crit");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Skips the calling test, saying why on stderr too, when crit is not installed ({@code apt-get
   * install criu} provides it).
   */
  public static void assumeInstalled() {
    if (executable() == null) {
      String reason = "crit not found on PATH; install Debian's criu package to run this test";
      System.err.println("SKIPPED: " + reason);
      Assumptions.assumeTrue(false, reason);
    }
  }

  /** {@code crit decode -i FILE}: numbers stay numbers, flags stay integers. */
  public static Map<String, Object> decode(Path file) throws IOException {
    return run("decode", "-i", file.toString());
  }

  /** {@code crit decode -i FILE --pretty}: addresses in hex strings, flags by name. */
  public static Map<String, Object> decodePretty(Path file) throws IOException {
    return run("decode", "-i", file.toString(), "--pretty");
  }

  /** {@code crit show FILE}: the same as decode --pretty. */
  public static Map<String, Object> show(Path file) throws IOException {
    return run("show", file.toString());
  }

  /** The {@code entries} array of crit's output. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> entries(Map<String, Object> decoded) {
    return (List<Map<String, Object>>) decoded.get("entries");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> run(String... args) throws IOException {
    Path crit = executable();
    if (crit == null) {
      throw new IOException("crit is not installed");
    }
    List<String> command = new ArrayList<>();
    command.add(crit.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for crit", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited with " + process.exitValue() + ": " + stderr.join());
    }
    return (Map<String, Object>) Json.parse(stdout);
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
          }
        });
  }
}
