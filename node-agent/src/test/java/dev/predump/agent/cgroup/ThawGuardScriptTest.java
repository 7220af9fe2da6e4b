package dev.predump.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard script's protocol against plain files standing in for freezer files. */
class ThawGuardScriptTest {

  @TempDir Path dir;

  @Test
  void anExpiredDeadlineWritesTheThawValue() throws IOException {
    Cgroup cgroup = Cgroup.at(CgroupFixtures.fakeV2(dir.resolve("a"), "0"));
    try (ThawGuard guard = ThawGuard.start(cgroup)) {
      guard.arm(Duration.ofMillis(100));
      Files.writeString(freezeFile(cgroup), "1\n");

      await().atMost(Duration.ofSeconds(2)).until(() -> content(cgroup).equals("0"));
      await().atMost(Duration.ofSeconds(1)).until(() -> guard.firedCount() == 1);
    }
  }

  @Test
  void disarmingInTimeStopsTheDeadline() throws Exception {
    Cgroup cgroup = Cgroup.at(CgroupFixtures.fakeV2(dir.resolve("a"), "0"));
    try (ThawGuard guard = ThawGuard.start(cgroup)) {
      guard.arm(Duration.ofMillis(500));
      Files.writeString(freezeFile(cgroup), "1\n");
      guard.disarm();

      Thread.sleep(800);

      assertThat(content(cgroup)).isEqualTo("1");
      assertThat(guard.firedCount()).isZero();
    }
  }

  @Test
  void closingWhileArmedThawsAndClosingWhileDisarmedDoesNot() throws IOException {
    Cgroup armed = Cgroup.at(CgroupFixtures.fakeV1(dir.resolve("armed")));
    Cgroup disarmed = Cgroup.at(CgroupFixtures.fakeV1(dir.resolve("disarmed")));
    ThawGuard first = ThawGuard.start(armed);
    ThawGuard second = ThawGuard.start(disarmed);
    first.arm(Duration.ofSeconds(30));
    Files.writeString(armed.path().resolve("freezer.state"), "FROZEN\n");
    Files.writeString(disarmed.path().resolve("freezer.state"), "FROZEN\n");

    first.close();
    second.close();

    assertThat(Files.readString(armed.path().resolve("freezer.state")).trim()).isEqualTo("THAWED");
    assertThat(Files.readString(disarmed.path().resolve("freezer.state")).trim())
        .isEqualTo("FROZEN");
    assertThat(first.isAlive()).isFalse();
    assertThat(second.isAlive()).isFalse();
  }

  @Test
  void endOfInputWhileArmedThawsAndExits() throws Exception {
    // What the kernel does to the pipe when the agent is SIGKILLed: end of input, no "exit".
    Path file = Files.writeString(dir.resolve("cgroup.freeze"), "1\n");
    Process script =
        new ProcessBuilder(
                "/bin/sh", "-c", ThawGuard.script(), "thaw-guard", file.toString(), "0", "/bin/sh")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (OutputStream commands = script.getOutputStream()) {
      commands.write("arm 30000\n".getBytes(StandardCharsets.US_ASCII));
    }

    assertThat(script.waitFor(2, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(file).trim()).isEqualTo("0");
    assertThat(new String(script.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
        .startsWith("ready ");
  }

  @Test
  void withoutTimeoutItRefusesToStartAndSaysWhy() throws Exception {
    Path file = Files.writeString(dir.resolve("cgroup.freeze"), "0\n");
    ProcessBuilder builder =
        new ProcessBuilder(
                "/bin/sh", "-c", ThawGuard.script(), "thaw-guard", file.toString(), "0", "/bin/sh")
            .redirectErrorStream(true);
    builder.environment().put("PATH", dir.toString());
    Process script = builder.start();
    script.getOutputStream().close();

    assertThat(script.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).isEqualTo(1);
    assertThat(new String(script.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
        .contains("timeout(1) is missing or unusable")
        .doesNotContain("ready");
  }

  private static Path freezeFile(Cgroup cgroup) {
    return cgroup.path().resolve("cgroup.freeze");
  }

  private static String content(Cgroup cgroup) throws IOException {
    return Files.readString(freezeFile(cgroup)).trim();
  }
}
