package dev.predump.agent.proc;

import dev.predump.agent.kernel.NoSuchProcessException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** The threads of a process, from {@code /proc/PID/task}. */
public final class ProcTasks {

  private ProcTasks() {}

  /** Thread ids (host pid namespace) of a process, the main thread included. */
  public static Set<Integer> threads(int pid) throws IOException {
    Path dir = Path.of("/proc", Integer.toString(pid), "task");
    Set<Integer> tids = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        tids.add(Integer.parseInt(entry.getFileName().toString()));
      }
    } catch (NoSuchFileException e) {
      throw ProcFiles.gone(pid, dir, e);
    }
    if (tids.isEmpty()) {
      // A zombie keeps its /proc entry but has no threads left.
      throw new NoSuchProcessException(pid, dir.toString());
    }
    return tids;
  }
}
