package dev.predump.agent.bench;

import com.sun.nio.file.ExtendedOpenOption;
import dev.predump.agent.kernel.MemoryCopier;
import dev.predump.agent.kernel.PageRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The baselines the engine's copy is measured against: process_vm_readv of the same pages through
 * the same buffer into one plain file, in the same 1 MiB pieces, then fsync; reads and writes take
 * turns on one thread, through the page cache or with O_DIRECT. No pagemap file, no checksums, no
 * trackers, no round directory.
 */
final class RawCopy {
  private static final int PIECE = 1 << 20;

  private RawCopy() {}

  /**
   * Copies {@code runs} of {@code pid} into {@code file}; returns the bytes written.
   *
   * @param direct O_DIRECT writes from the (page-aligned) copy buffer instead of buffered ones
   */
  static long copy(int pid, List<PageRun> runs, Path file, int bufferBytes, boolean direct)
      throws IOException {
    Set<OpenOption> options =
        new HashSet<>(
            List.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE));
    if (direct) {
      options.add(ExtendedOpenOption.DIRECT);
    }
    try (MemoryCopier copier = new MemoryCopier(bufferBytes, false);
        FileChannel out = FileChannel.open(file, options)) {
      long[] written = {0};
      copier.copy(
          pid,
          runs,
          (vaddr, chunk) -> {
            int end = chunk.limit();
            for (int pos = chunk.position(); pos < end; pos += PIECE) {
              ByteBuffer piece = chunk.duplicate();
              piece.position(pos).limit(Math.min(end, pos + PIECE));
              while (piece.hasRemaining()) {
                written[0] += out.write(piece);
              }
            }
          });
      out.force(false);
      return written[0];
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
