package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stops and resumes real multi-threaded processes. */
class PtraceStopperIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Five threads each bumping its own counter; prints the counters' address. */
  private static final String BUSY =
      """
      import ctypes, threading
      counters = (ctypes.c_uint64 * 8)()
      def spin(i):
          while True:
              counters[i] += 1
      for i in range(4):
          threading.Thread(target=spin, args=(i,), daemon=True).start()
      print(hex(ctypes.addressof(counters)), flush=True)
      while True:
          counters[7] += 1
      """;

  /** Starts short-lived threads all the time. */
  private static final String CHURN =
      """
      import threading, time
      def worker():
          time.sleep(0.002)
      print("started", flush=True)
      while True:
          threading.Thread(target=worker).start()
          time.sleep(0.0005)
      """;

  @BeforeAll
  static void needPython() {
    boolean ok = MemoryChild.python3Available();
    if (!ok) {
      System.err.println("PtraceStopperIT skipped: python3 is not available");
    }
    Assumptions.assumeTrue(ok, "python3 is not available");
  }

  @Test
  void stopsEveryThreadUntilResumedFromAnotherThread() throws Exception {
    try (Grandchild busy = Grandchild.python(BUSY)) {
      int pid = busy.pid();
      long counters = Long.decode(busy.firstLine());
      Awaitility.await().atMost(TIMEOUT).until(() -> tasks(pid).size() == 5);
      assertAdvances(pid, counters);

      long t0 = System.nanoTime();
      PtraceStopper.StoppedProcess stopped = PtraceStopper.stop(pid, TIMEOUT);
      long micros = (System.nanoTime() - t0) / 1000;
      try {
        System.err.println("Ptrace-stopped 5 threads in " + micros + " us");
        assertThat(stopped.pid()).isEqualTo(pid);
        assertThat(stopped.threads()).isEqualTo(tasks(pid)).hasSize(5);
        assertThat(states(pid)).containsOnly('t');
        long before = sum(pid, counters);
        Thread.sleep(300);
        assertThat(sum(pid, counters)).as("counters while stopped").isEqualTo(before);
      } finally {
        // ptrace requests must come from the attaching thread: resume from a different one.
        CompletableFuture.runAsync(stopped::resume).get();
      }
      stopped.close();

      assertThat(states(pid)).doesNotContain('t');
      assertAdvances(pid, counters);
    }
  }

  @Test
  void stopsThreadsThatComeAndGoWhileStopping() throws Exception {
    try (Grandchild churn = Grandchild.python(CHURN)) {
      int pid = churn.pid();
      churn.firstLine();
      for (int round = 0; round < 20; round++) {
        try (PtraceStopper.StoppedProcess stopped = PtraceStopper.stop(pid, TIMEOUT)) {
          assertThat(stopped.threads()).contains(pid);
          // Every thread that exists now was stopped: none can start while all are stopped.
          assertThat(stopped.threads()).containsAll(tasks(pid));
          assertThat(states(pid)).containsOnly('t');
        }
      }
      assertThat(Grandchild.state(pid)).isNotIn('t', 'Z', 'X');
    }
  }

  @Test
  void aProcessStoppedBySigstopIsStillStoppedAfterResume() throws Exception {
    try (Grandchild busy = Grandchild.python(BUSY)) {
      int pid = busy.pid();
      long counters = Long.decode(busy.firstLine());
      Awaitility.await().atMost(TIMEOUT).until(() -> tasks(pid).size() == 5);
      new ProcessBuilder("kill", "-STOP", Integer.toString(pid)).start().waitFor();
      Awaitility.await().atMost(TIMEOUT).until(() -> states(pid).equals(Set.of('T')));

      try (PtraceStopper.StoppedProcess stopped = PtraceStopper.stop(pid, TIMEOUT)) {
        assertThat(stopped.threads()).hasSize(5);
        assertThat(states(pid)).containsOnly('t');
      }

      // Resuming the ptrace stop must not undo somebody else's SIGSTOP.
      Awaitility.await().atMost(TIMEOUT).until(() -> states(pid).equals(Set.of('T')));
      new ProcessBuilder("kill", "-CONT", Integer.toString(pid)).start().waitFor();
      assertAdvances(pid, counters);
    }
  }

  @Test
  void aPidThatDoesNotExistIsAClearError() throws IOException {
    // Pids stay below pid_max. (readAllLines: sysctl files return nothing when read at an offset.)
    int unused =
        Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).trim());
    assertThatThrownBy(() -> PtraceStopper.stop(unused, TIMEOUT))
        .isInstanceOf(NoSuchProcessException.class)
        .hasMessageContaining("process " + unused + " does not exist")
        .matches(e -> ((KernelException) e).isNoSuchProcess());
  }

  @Test
  void aZombieIsAClearError() throws Exception {
    String zombie =
        """
        import os, time
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        print(pid, flush=True)
        time.sleep(600)
        """;
    try (Grandchild parent = Grandchild.python(zombie)) {
      int pid = Integer.parseInt(parent.firstLine().trim());
      Awaitility.await().atMost(TIMEOUT).until(() -> Grandchild.state(pid) == 'Z');
      assertThatThrownBy(() -> PtraceStopper.stop(pid, TIMEOUT))
          .isInstanceOf(NoSuchProcessException.class)
          .hasMessageContaining("zombie");
    }
  }

  @Test
  void aChildOfThisJvmIsRefused() throws Exception {
    Process child = new ProcessBuilder("/bin/sleep", "60").start();
    try {
      assertThatThrownBy(() -> PtraceStopper.stop((int) child.pid(), TIMEOUT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("child of this JVM");
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  private static void assertAdvances(int pid, long counters) {
    long start = sum(pid, counters);
    Awaitility.await().atMost(TIMEOUT).until(() -> sum(pid, counters) > start);
  }

  private static long sum(int pid, long counters) {
    ByteBuffer words = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
    try (FileChannel mem = FileChannel.open(Path.of("/proc/" + pid + "/mem"))) {
      mem.read(words, counters);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    long total = 0;
    for (int i = 0; i < 8; i++) {
      total += words.getLong(i * 8);
    }
    return total;
  }

  private static Set<Integer> tasks(int pid) throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      return tasks
          .map(p -> Integer.parseInt(p.getFileName().toString()))
          .collect(Collectors.toSet());
    }
  }

  private static Set<Character> states(int pid) throws IOException {
    Set<Character> states = new java.util.HashSet<>();
    for (int tid : tasks(pid)) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/stat"));
        states.add(stat.charAt(stat.lastIndexOf(')') + 2));
      } catch (java.nio.file.NoSuchFileException e) {
        // exited since the listing
      }
    }
    return states;
  }
}
