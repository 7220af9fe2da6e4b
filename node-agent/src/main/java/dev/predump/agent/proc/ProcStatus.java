package dev.predump.agent.proc;

import java.io.IOException;

/** Fields of {@code /proc/PID/status}. */
public final class ProcStatus {

  private ProcStatus() {}

  /**
   * The pid inside the process's own (innermost) pid namespace: the last field of {@code NSpid:}.
   * CRIU names image files by it.
   */
  public static int nsPid(int pid) throws IOException {
    return nsPid(pid, ProcFiles.read(pid, "status"));
  }

  /** The NSpid of process {@code pid} from its status text. */
  public static int nsPid(int pid, String text) throws IOException {
    try {
      return parseNsPid(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("Cannot read the NSpid of /proc/" + pid + "/status: " + e.getMessage());
    }
  }

  /** The last field of the {@code NSpid:} line of a status text. */
  public static int parseNsPid(String statusText) {
    String[] pids = field(statusText, "NSpid").trim().split("\\s+");
    return Integer.parseInt(pids[pids.length - 1]);
  }

  /** The value of a {@code Name:\tvalue} line, without the name; throws if absent. */
  public static String field(String statusText, String name) {
    String prefix = name + ":";
    for (String line : statusText.split("\n")) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length());
      }
    }
    // NSpid appeared in Linux 4.1; older kernels cannot tell the namespaced pid this way.
    throw new IllegalArgumentException("no '" + prefix + "' line");
  }
}
