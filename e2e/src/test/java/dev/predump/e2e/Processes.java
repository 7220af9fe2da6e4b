package dev.predump.e2e;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A backstop: processes the tests started are killed when the test JVM exits. */
final class Processes {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "e2e-process-reaper"));
  }

  private Processes() {}

  static void track(Process p) {
    LIVE.add(p);
  }

  static void untrack(Process p) {
    LIVE.remove(p);
  }
}
