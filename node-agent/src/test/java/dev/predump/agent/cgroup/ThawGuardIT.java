package dev.predump.agent.cgroup;

import static dev.predump.agent.cgroup.FreezerContract.assertProgresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.predump.agent.proc.ProcStat;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The guard that never leaves a container frozen, against the real freezers. */
class ThawGuardIT {

  private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(2);

  @RegisterExtension final CgroupSandbox sandbox = new CgroupSandbox();

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void sigkillOfTheAgentWhileFrozenThawsAtOnce(CgroupVersion version) throws Exception {
    Cgroup cgroup = sandbox.create(version, "victim");
    Process busy = sandbox.busy(cgroup);
    // A deadline far beyond the assertion below: only the agent's death can explain a thaw.
    Process agent = startAgentJvm(cgroup, Duration.ofSeconds(60));
    long guardPid = -1;
    try {
      guardPid = Long.parseLong(awaitLine(agent, Duration.ofSeconds(60)).split(" ")[1]);
      assertThat(cgroup.freezer().isFrozen()).isTrue();
      FreezerContract.assertStandsStill(busy);
      long begin = System.nanoTime();

      agent.destroyForcibly(); // SIGKILL: no shutdown hook, no finally

      await()
          .atMost(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(2))
          .until(() -> !cgroup.freezer().isFrozen());
      System.err.printf(
          "Thaw guard, cgroup %s: thawed %d ms after SIGKILL of the agent%n",
          version, (System.nanoTime() - begin) / 1_000_000);
      assertProgresses(busy);
      long guard = guardPid;
      await().atMost(Duration.ofSeconds(2)).until(() -> CgroupSandbox.goneOrZombie(guard));
    } finally {
      agent.destroyForcibly();
      if (guardPid > 0) {
        ProcessHandle.of(guardPid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void anExpiredDeadlineThawsAHungAgentAndTheGuardServesOn(CgroupVersion version) throws Exception {
    Cgroup cgroup = sandbox.create(version, "victim");
    Process busy = sandbox.busy(cgroup);
    try (ThawGuard guard = ThawGuard.start(cgroup)) {
      long begin = System.nanoTime();
      guard.arm(Duration.ofMillis(300));
      cgroup.freezer().freeze(FREEZE_TIMEOUT);

      await()
          .atMost(Duration.ofMillis(1300))
          .pollInterval(Duration.ofMillis(2))
          .until(() -> !cgroup.freezer().isFrozen());

      long millis = (System.nanoTime() - begin) / 1_000_000;
      System.err.printf(
          "Thaw guard, cgroup %s: 300 ms deadline thawed after %d ms%n", version, millis);
      assertThat(millis).isGreaterThanOrEqualTo(290);
      await().atMost(Duration.ofSeconds(1)).until(() -> guard.firedCount() == 1);
      assertProgresses(busy);
      assertThat(guard.isAlive()).isTrue();
      guard.disarm();
      guard.arm(Duration.ofSeconds(30));
      cgroup.freezer().freeze(FREEZE_TIMEOUT);
      cgroup.freezer().thaw();
      guard.disarm();
      assertThat(guard.firedCount()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void aDisarmedGuardLeavesOtherFreezesAlone(CgroupVersion version) throws Exception {
    Cgroup cgroup = sandbox.create(version, "victim");
    sandbox.busy(cgroup);
    ThawGuard guard = ThawGuard.start(cgroup);
    try {
      guard.arm(Duration.ofSeconds(2));
      cgroup.freezer().freeze(FREEZE_TIMEOUT);
      cgroup.freezer().thaw();
      guard.disarm();

      // Someone else's freeze, e.g. CRIU's final dump after the pre-copy rounds.
      cgroup.freezer().freeze(FREEZE_TIMEOUT);
      Thread.sleep(600);
      assertThat(cgroup.freezer().isFrozen()).isTrue();
      guard.close();
      assertThat(guard.isAlive()).isFalse();
      assertThat(cgroup.freezer().isFrozen()).isTrue();
      assertThat(guard.firedCount()).isZero();
    } finally {
      guard.close();
      cgroup.freezer().thaw();
    }
  }

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void closingAnArmedGuardThawsAndEndsIt(CgroupVersion version) throws Exception {
    Cgroup cgroup = sandbox.create(version, "victim");
    sandbox.busy(cgroup);
    ThawGuard guard = ThawGuard.start(cgroup);
    guard.arm(Duration.ofSeconds(30));
    cgroup.freezer().freeze(FREEZE_TIMEOUT);

    guard.close();

    assertThat(cgroup.freezer().isFrozen()).isFalse();
    assertThat(guard.isAlive()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void theGuardRunsInItsOwnSession(CgroupVersion version) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/setsid"))
        && !Files.isExecutable(Path.of("/bin/setsid"))) {
      CgroupSandbox.skip("no setsid(1) here: the guard shares the agent's session");
    }
    Cgroup cgroup = sandbox.create(version, "victim");
    sandbox.sleeper(cgroup);
    try (ThawGuard guard = ThawGuard.start(cgroup)) {
      ProcStat.Fields stat = ProcStat.read((int) guard.pid());
      ProcStat.Fields self = ProcStat.read((int) ProcessHandle.current().pid());

      assertThat(stat.session()).isEqualTo(guard.pid()).isNotEqualTo(self.session());
      assertThat(stat.processGroup()).isEqualTo(guard.pid()).isNotEqualTo(self.processGroup());
    }
  }

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void aDeadGuardIsNotReliedOn(CgroupVersion version) throws Exception {
    Cgroup cgroup = sandbox.create(version, "victim");
    sandbox.sleeper(cgroup);
    try (ThawGuard guard = ThawGuard.start(cgroup)) {
      ProcessHandle.of(guard.pid()).orElseThrow().destroyForcibly();
      await().atMost(Duration.ofSeconds(2)).until(() -> !guard.isAlive());

      assertThatThrownBy(() -> guard.arm(Duration.ofSeconds(1)))
          .hasMessageContaining("is not running: refusing to rely on it");
    }
  }

  private static Process startAgentJvm(Cgroup cgroup, Duration deadline) throws IOException {
    // This JVM's class path: the freezer calls the kernel through jnr-ffi and its dependencies.
    String classPath =
        String.join(
            File.pathSeparator,
            codeSource(ThawGuard.class).toString(),
            codeSource(GuardedFreezeMain.class).toString(),
            System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        List.of(
            java.toString(),
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classPath,
            GuardedFreezeMain.class.getName(),
            cgroup.path().toString(),
            Long.toString(deadline.toMillis()));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      throw new IllegalStateException("No code source for " + type, e);
    }
  }

  private static String awaitLine(Process process, Duration timeout) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    String text = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (text == null || !text.startsWith("frozen ")) {
      throw new AssertionError("The stand-in agent did not report a freeze but: " + text);
    }
    return text;
  }
}
