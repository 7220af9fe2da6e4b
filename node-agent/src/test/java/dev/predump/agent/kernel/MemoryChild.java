package dev.predump.agent.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A python3 child process that maps and fills memory on command (test resource {@code
 * kernel/memchild.py}); every 8-byte word written holds its own address plus a seed.
 */
final class MemoryChild implements AutoCloseable {

  static final int PAGE = LibC.PAGE_SIZE;

  private final Process process;
  private final BufferedReader out;
  private final Writer in;

  private MemoryChild(Process process) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  static boolean python3Available() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "pass").start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Path script() throws IOException {
    Path file = Files.createTempFile("memchild", ".py");
    file.toFile().deleteOnExit();
    try (InputStream s = MemoryChild.class.getResourceAsStream("/kernel/memchild.py")) {
      Files.write(file, s.readAllBytes());
    }
    return file;
  }

  static MemoryChild start() throws IOException {
    Process p =
        new ProcessBuilder("python3", "-u", script().toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    MemoryChild child = new MemoryChild(p);
    try {
      String ready = child.out.readLine();
      if (ready == null || !ready.startsWith("ready")) {
        throw new IOException("The memory child did not start: " + ready);
      }
    } catch (IOException e) {
      child.close();
      throw e;
    }
    return child;
  }

  int pid() {
    return (int) process.pid();
  }

  Process process() {
    return process;
  }

  String command(String line) {
    try {
      in.write(line + "\n");
      in.flush();
      String answer = out.readLine();
      if (answer == null || answer.startsWith("ERR")) {
        throw new IllegalStateException("Child answered " + answer + " to " + line);
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long anon(long pages, long seed) {
    return Long.decode(command("anon " + pages + " " + seed));
  }

  long empty(long pages) {
    return Long.decode(command("empty " + pages));
  }

  void write(long addr, long pages, long seed) {
    command("write " + hex(addr) + " " + pages + " " + seed);
  }

  void read(long addr, long pages) {
    command("read " + hex(addr) + " " + pages);
  }

  long mapFile(Path file, long pages) {
    return Long.decode(command("file " + file + " " + pages));
  }

  void protect(long addr, long pages, int prot) {
    command("protect " + hex(addr) + " " + pages + " " + prot);
  }

  void unmap(long addr, long pages) {
    command("unmap " + hex(addr) + " " + pages);
  }

  /** Installs guard pages; false when the kernel lacks MADV_GUARD_INSTALL. */
  boolean guard(long addr, long pages) {
    try {
      command("guard " + hex(addr) + " " + pages);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  void touch(long addr, long pages) {
    command("touch " + hex(addr) + " " + pages);
  }

  void pageOut(long addr, long pages) {
    command("pageout " + hex(addr) + " " + pages);
  }

  static String hex(long addr) {
    return "0x" + Long.toHexString(addr);
  }

  /** Kills the child and waits for it; safe to call twice. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
