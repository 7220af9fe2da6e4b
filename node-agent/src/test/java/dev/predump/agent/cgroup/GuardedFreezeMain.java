package dev.predump.agent.cgroup;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in agent run as its own JVM by {@link ThawGuardIT}: starts a guard, arms it, freezes,
 * reports {@code frozen <guard pid>} and then hangs until it is killed.
 */
public final class GuardedFreezeMain {

  private GuardedFreezeMain() {}

  public static void main(String[] args) throws Exception {
    Cgroup cgroup = Cgroup.at(Path.of(args[0]));
    Duration deadline = Duration.ofMillis(Long.parseLong(args[1]));
    ThawGuard guard = ThawGuard.start(cgroup);
    guard.arm(deadline);
    cgroup.freezer().freeze(Duration.ofSeconds(5));
    System.out.println("frozen " + guard.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
