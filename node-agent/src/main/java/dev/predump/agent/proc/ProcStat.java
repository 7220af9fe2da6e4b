package dev.predump.agent.proc;

import java.io.IOException;

/** Fields of {@code /proc/PID/stat}. */
public final class ProcStat {

  /**
   * The fields of a stat line that predump uses (field numbers as in proc(5)).
   *
   * @param pid field 1
   * @param comm field 2 without the parentheses; may itself contain spaces and ')'
   * @param state field 3: R, S, D, T, t, Z, X, I ...
   * @param ppid field 4
   * @param processGroup field 5, pgrp
   * @param session field 6
   * @param userTicks field 14, utime, in clock ticks
   * @param systemTicks field 15, stime, in clock ticks
   * @param startTimeTicks field 22, starttime: clock ticks after boot when the process started
   */
  public record Fields(
      int pid,
      String comm,
      char state,
      int ppid,
      int processGroup,
      int session,
      long userTicks,
      long systemTicks,
      long startTimeTicks) {

    /** CPU time used so far, user plus system, in clock ticks. */
    public long cpuTicks() {
      return userTicks + systemTicks;
    }
  }

  private ProcStat() {}

  public static Fields read(int pid) throws IOException {
    return parse(pid, ProcFiles.read(pid, "stat"));
  }

  /** Parses the stat text of process {@code pid}; malformed text is an IOException. */
  public static Fields parse(int pid, String text) throws IOException {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("Cannot parse /proc/" + pid + "/stat: " + e.getMessage(), e);
    }
  }

  public static long startTimeTicks(int pid) throws IOException {
    return read(pid).startTimeTicks();
  }

  public static String comm(int pid) throws IOException {
    return read(pid).comm();
  }

  public static char state(int pid) throws IOException {
    return read(pid).state();
  }

  /** Parses a stat line. */
  public static Fields parse(String text) {
    // comm is free text from the process (prctl PR_SET_NAME): it may contain spaces, '(' and ')'.
    // It is the only such field, so everything after the LAST ')' is plain space-separated.
    int open = text.indexOf('(');
    int close = text.lastIndexOf(')');
    if (open <= 0 || close < open) {
      throw new IllegalArgumentException("no '(comm)' in '" + text.strip() + "'");
    }
    String[] rest = text.substring(close + 1).trim().split(" ");
    if (rest.length < 20) {
      throw new IllegalArgumentException("only " + (rest.length + 2) + " fields");
    }
    // rest[0] is field 3, so field n is rest[n - 3].
    return new Fields(
        Integer.parseInt(text.substring(0, open).trim()),
        text.substring(open + 1, close),
        rest[0].charAt(0),
        Integer.parseInt(rest[1]),
        Integer.parseInt(rest[2]),
        Integer.parseInt(rest[3]),
        Long.parseLong(rest[11]),
        Long.parseLong(rest[12]),
        Long.parseLong(rest[19]));
  }
}
