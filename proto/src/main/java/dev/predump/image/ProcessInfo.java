package dev.predump.image;

/**
 * One process of the dumped container.
 *
 * @param hostPid pid in the agent's (host) pid namespace
 * @param nsPid pid inside the container's pid namespace: the {@code <pid>} of {@code
 *     pagemap-<pid>.img}
 * @param startTimeTicks field 22 of {@code /proc/PID/stat}, clock ticks since boot
 * @param comm command name, for humans
 */
public record ProcessInfo(int hostPid, int nsPid, long startTimeTicks, String comm) {
  public ProcessInfo {
    if (hostPid < 1 || nsPid < 1) {
      throw new IllegalArgumentException(
          "Process pids must be positive: host pid " + hostPid + ", ns pid " + nsPid);
    }
    if (startTimeTicks < 0) {
      throw new IllegalArgumentException(
          "Process ns pid " + nsPid + ": negative start time " + startTimeTicks);
    }
    if (comm == null) {
      comm = "";
    }
  }

  /** "ns pid 12 (host pid 3456)", for messages. */
  String label() {
    return "process ns pid " + nsPid + " (host pid " + hostPid + ")";
  }
}
