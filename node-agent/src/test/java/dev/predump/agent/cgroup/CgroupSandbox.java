package dev.predump.agent.cgroup;

import dev.predump.agent.kernel.NoSuchProcessException;
import dev.predump.agent.proc.ProcStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real cgroups and processes for one test, under a uniquely named {@code predump-test-<random>}
 * parent per hierarchy; after each test (and at JVM exit, should the test JVM be stopped) it thaws
 * everything, kills every process, waits for them and removes the cgroups bottom-up.
 */
final class CgroupSandbox implements AfterEachCallback, AutoCloseable {

  private static final Duration CLEANUP_PATIENCE = Duration.ofSeconds(10);

  private final Map<CgroupVersion, Path> parents = new EnumMap<>(CgroupVersion.class);
  private final List<Process> processes = new ArrayList<>();
  private Thread shutdownHook;

  /** The mounted hierarchy of a version, or skips the test saying why. */
  static CgroupMounts.Mount hierarchyOrSkip(CgroupVersion version) {
    Optional<CgroupMounts.Mount> mount;
    try {
      mount = CgroupMounts.current().of(version);
    } catch (IOException e) {
      skip("cannot read /proc/self/mountinfo: " + e.getMessage());
      throw new AssertionError(e);
    }
    if (mount.isEmpty()) {
      skip(
          version == CgroupVersion.V2
              ? "no cgroup v2 hierarchy is mounted"
              : "no cgroup v1 freezer hierarchy is mounted");
    }
    Path dir = mount.get().mountPoint();
    if (!Files.isWritable(dir)) {
      skip("cannot create cgroups under " + dir + " (not root?)");
    }
    if (version == CgroupVersion.V2 && !Files.exists(dir.resolve("cgroup.subtree_control"))) {
      skip(dir + " does not look like a writable cgroup v2 root");
    }
    return mount.get();
  }

  /** Skips the current test, printing why on stderr so a CI log shows it. */
  static void skip(String reason) {
    System.err.println("SKIPPED: " + reason);
    Assumptions.assumeTrue(false, reason);
  }

  /** Creates (with its ancestors) a cgroup below this sandbox's parent of that version. */
  Cgroup create(CgroupVersion version, String relative) throws IOException {
    Path dir = parent(version).resolve(relative);
    Path current = parent(version);
    for (Path part : parent(version).relativize(dir)) {
      current = current.resolve(part);
      if (!Files.isDirectory(current)) {
        Files.createDirectory(current);
      }
    }
    return Cgroup.at(dir);
  }

  /** The sandbox's own parent cgroup of a version (created on first use). */
  Path parent(CgroupVersion version) throws IOException {
    Path parent = parents.get(version);
    if (parent == null) {
      String name = "predump-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
      parent = hierarchyOrSkip(version).mountPoint().resolve(name);
      Files.createDirectory(parent);
      parents.put(version, parent);
      registerShutdownHook();
    }
    return parent;
  }

  /** Starts a process that spins forever and moves it into a cgroup. */
  Process busy(Cgroup cgroup) throws IOException {
    return startIn(cgroup, "sh", "-c", "while :; do :; done");
  }

  /** Starts a process that sleeps and moves it into a cgroup. */
  Process sleeper(Cgroup cgroup) throws IOException {
    return startIn(cgroup, "sleep", "600");
  }

  Process startIn(Cgroup cgroup, String... command) throws IOException {
    Process process = new ProcessBuilder(command).start();
    processes.add(process);
    moveInto(cgroup, process.pid());
    return process;
  }

  /** Moves a process into a cgroup by writing its pid to cgroup.procs. */
  static void moveInto(Cgroup cgroup, long pid) throws IOException {
    Files.writeString(
        cgroup.path().resolve("cgroup.procs"),
        Long.toString(pid),
        StandardCharsets.US_ASCII,
        StandardOpenOption.WRITE);
  }

  /** CPU time a process has used so far, in clock ticks: grows while it spins. */
  static long cpuTicks(Process process) throws IOException {
    return ProcStat.read((int) process.pid()).cpuTicks();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    close();
  }

  @Override
  public synchronized void close() throws IOException {
    List<String> leftovers = new ArrayList<>();
    for (Map.Entry<CgroupVersion, Path> parent : parents.entrySet()) {
      removeTree(parent.getKey(), parent.getValue(), leftovers);
    }
    for (Process process : processes) {
      process.destroyForcibly();
    }
    parents.clear();
    processes.clear();
    if (shutdownHook != null && !Thread.currentThread().equals(shutdownHook)) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // Already shutting down.
      }
      shutdownHook = null;
    }
    if (!leftovers.isEmpty()) {
      throw new IOException("Sandbox cleanup left things behind: " + leftovers);
    }
  }

  private void removeTree(CgroupVersion version, Path top, List<String> leftovers) {
    if (!Files.isDirectory(top)) {
      return;
    }
    List<Path> preOrder = new ArrayList<>();
    walk(top, preOrder);
    // 1. Thaw top-down: a v1 task frozen through its parent cannot even die.
    for (Path dir : preOrder) {
      try {
        Path file = dir.resolve(version == CgroupVersion.V2 ? "cgroup.freeze" : "freezer.state");
        Files.writeString(
            file, version == CgroupVersion.V2 ? "0" : "THAWED", StandardOpenOption.WRITE);
      } catch (IOException e) {
        leftovers.add("could not thaw " + dir + ": " + e.getMessage());
      }
    }
    // 2. Never kill ourselves: a test that moved this JVM in gets it moved back to the root.
    long self = ProcessHandle.current().pid();
    // 3. Kill every process, then wait until the tree is empty.
    long deadline = System.nanoTime() + CLEANUP_PATIENCE.toNanos();
    while (true) {
      Set<Integer> pids;
      try {
        pids = Cgroup.at(top).processes();
      } catch (IOException e) {
        leftovers.add("could not list " + top + ": " + e.getMessage());
        break;
      }
      if (pids.isEmpty()) {
        break;
      }
      if (System.nanoTime() - deadline > 0) {
        leftovers.add("processes " + pids + " would not leave " + top);
        break;
      }
      for (int pid : pids) {
        if (pid == self) {
          moveToRoot(version, self, leftovers);
        } else {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      sleep(20);
    }
    // 4. Remove bottom-up, retrying while the kernel finishes tearing the tasks down.
    for (int i = preOrder.size() - 1; i >= 0; i--) {
      Path dir = preOrder.get(i);
      if (!rmdir(dir)) {
        leftovers.add("could not remove " + dir);
      }
    }
  }

  private static void moveToRoot(CgroupVersion version, long self, List<String> leftovers) {
    try {
      Path root = CgroupMounts.current().of(version).orElseThrow().mountPoint();
      moveInto(Cgroup.at(root), self);
    } catch (IOException | RuntimeException e) {
      leftovers.add("could not move this JVM back to the root cgroup: " + e.getMessage());
    }
  }

  private static boolean rmdir(Path dir) {
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        Files.deleteIfExists(dir);
        return true;
      } catch (IOException e) {
        sleep(20);
      }
    }
    return false;
  }

  private static void walk(Path dir, List<Path> preOrder) {
    preOrder.add(dir);
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path child : children) {
        walk(child, preOrder);
      }
    } catch (NoSuchFileException e) {
      preOrder.remove(dir);
    } catch (IOException e) {
      // Listed as far as possible; rmdir reports what stays.
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void registerShutdownHook() {
    if (shutdownHook == null) {
      shutdownHook =
          new Thread(
              () -> {
                try {
                  close();
                } catch (IOException e) {
                  System.err.println("Sandbox cleanup at exit: " + e.getMessage());
                }
              },
              "cgroup-sandbox-cleanup");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /** Whether a pid is gone or only a zombie (this host's init does not reap orphans). */
  static boolean goneOrZombie(long pid) {
    try {
      return ProcStat.read((int) pid).state() == 'Z';
    } catch (NoSuchProcessException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
