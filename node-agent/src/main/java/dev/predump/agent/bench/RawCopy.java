package dev.predump.agent.bench;

import dev.predump.agent.kernel.MemoryCopier;
import dev.predump.agent.kernel.PageRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The baseline the engine's copy is measured against: process_vm_readv of the same pages through
 * the same buffer into one plain file, in the same 1 MiB pieces, then fsync; reads and writes take
 * turns on one thread, through the page cache. No pagemap file, no checksums, no trackers, no round
 * directory.
 */
final class RawCopy {
  private static final int PIECE = 1 << 20;

  private RawCopy() {}

  /** Copies {@code runs} of {@code pid} into {@code file}; returns the bytes written. */
  static long copy(int pid, List<PageRun> runs, Path file, int bufferBytes) throws IOException {
    try (MemoryCopier copier = new MemoryCopier(bufferBytes, false);
        FileChannel out =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
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
