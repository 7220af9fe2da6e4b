package dev.predump.agent.proc;

import dev.predump.agent.kernel.NoSuchProcessException;
import java.io.IOException;

/**
 * Who a process is, beyond its pid: pids get reused, the pair (pid, start time) does not.
 *
 * @param hostPid pid as this agent sees it
 * @param nsPid pid inside the process's own pid namespace (CRIU's image file names)
 * @param startTimeTicks clock ticks after boot when it started
 * @param comm its command name
 */
public record ProcessIdentity(int hostPid, int nsPid, long startTimeTicks, String comm) {

  /** Reads the identity of a live process. */
  public static ProcessIdentity of(int hostPid) throws IOException {
    ProcStat.Fields stat = ProcStat.read(hostPid);
    int nsPid = ProcStatus.nsPid(hostPid);
    return new ProcessIdentity(hostPid, nsPid, stat.startTimeTicks(), stat.comm());
  }

  /** The identity from texts of the process's stat and status files read earlier. */
  public static ProcessIdentity parse(int hostPid, String statText, String statusText)
      throws IOException {
    ProcStat.Fields stat = ProcStat.parse(hostPid, statText);
    return new ProcessIdentity(
        hostPid, ProcStatus.nsPid(hostPid, statusText), stat.startTimeTicks(), stat.comm());
  }

  /** Whether {@code hostPid} still names this same process (not a new one that reused the pid). */
  public boolean isAlive() throws IOException {
    try {
      ProcStat.Fields now = ProcStat.read(hostPid);
      return now.startTimeTicks() == startTimeTicks && now.state() != 'Z' && now.state() != 'X';
    } catch (NoSuchProcessException e) {
      return false;
    }
  }
}
