package dev.predump.agent.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text of one {@code /proc} file, copied into storage that is kept and reused. The engine reads
 * maps, stat and status this way while a target is frozen and parses them after the thaw: the
 * window then costs the kernel's reads and one copy, and allocates nothing once the storage has
 * grown to the files' sizes, so it gives the agent's garbage collector no reason to run in it.
 */
public final class ProcText {

  private byte[] bytes = new byte[4096];
  private int length;

  /** Replaces the content with the text of {@code /proc/<pid>/<name>}. */
  public void read(int pid, String name) throws IOException {
    ProcFiles.readInto(pid, name, this);
  }

  void fill(ByteBuffer content) {
    length = content.remaining();
    if (bytes.length < length) {
      bytes = Arrays.copyOf(bytes, Math.max(length, bytes.length * 2));
    }
    content.get(bytes, 0, length);
  }

  /** The content as a string (the kernel writes these files in ASCII, names in UTF-8). */
  public String text() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  public int length() {
    return length;
  }
}
