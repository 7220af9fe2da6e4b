package dev.predump.localcluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A backstop: the processes a local cluster started are killed when its JVM exits. */
final class Processes {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> LIVE.forEach(Process::destroyForcibly), "local-cluster-process-reaper"));
  }

  private Processes() {}

  static void track(Process p) {
    LIVE.add(p);
  }

  static void untrack(Process p) {
    LIVE.remove(p);
  }
}
