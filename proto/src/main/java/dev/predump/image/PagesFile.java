package dev.predump.image;

import com.sun.nio.file.ExtendedOpenOption;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Opens a pages file for {@link WriteMode#DIRECT} or {@link WriteMode#BUFFERED} writes, and knows
 * which buffers an O_DIRECT channel accepts.
 *
 * <p>The JDK opens with O_DIRECT and then demands that every write's position, length and buffer
 * address be multiples of the file system's fragment size. Pages files hold whole pages only, so
 * positions and lengths are multiples of 4096; a file system whose fragment is larger, or that
 * refuses O_DIRECT, gets a buffered file instead.
 */
final class PagesFile {
  static final int ALIGNMENT = ImageLayout.PAGE_SIZE;

  private static final Logger LOG = Logger.getLogger(PagesFile.class.getName());

  /** The fallback is said once per process: every file of every round would repeat it. */
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private PagesFile() {}

  /** An open pages file and whether its writes bypass the page cache. */
  record Opened(FileChannel channel, boolean direct) {}

  /**
   * Creates {@code file} (mode 0600) and opens it; with O_DIRECT when {@code tryDirect} and the
   * file system accepts it.
   */
  static Opened create(Path file, boolean tryDirect) throws IOException {
    if (tryDirect) {
      Set<OpenOption> options =
          new HashSet<>(
              List.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  ExtendedOpenOption.DIRECT));
      try {
        FileChannel channel = ChainDirectory.createPrivateFile(file, options);
        return new Opened(channel, true);
      } catch (IOException | UnsupportedOperationException e) {
        // Linux creates the file before it refuses O_DIRECT (EINVAL): take it back, go buffered.
        Files.deleteIfExists(file);
        if (WARNED.compareAndSet(false, true)) {
          LOG.warning(
              "O_DIRECT refused for "
                  + file
                  + " ("
                  + e.getMessage()
                  + "); pages files on that storage are written through the page cache");
        }
      }
    }
    return new Opened(ChainDirectory.createPrivateFile(file), false);
  }

  /** Whether an O_DIRECT channel takes {@code buffer} as it is, without a staging copy. */
  static boolean directReady(ByteBuffer buffer) {
    // Heap buffers are staged by us, not by the JDK: JDK 17 stages them through an aligned slice
    // that it later tries to free as a whole buffer (a NullPointerException on that thread's next
    // temporary buffer).
    return buffer.isDirect() && buffer.alignmentOffset(buffer.position(), ALIGNMENT) == 0;
  }

  /** A page-aligned direct buffer of at least {@code bytes} (a multiple of the alignment). */
  static ByteBuffer allocateAligned(int bytes) {
    return ByteBuffer.allocateDirect(bytes + ALIGNMENT).alignedSlice(ALIGNMENT);
  }

  /** Whether O_DIRECT writes of whole pages can be aligned on the file system of {@code dir}. */
  static boolean directPossible(Path dir) {
    try {
      long block = Files.getFileStore(dir).getBlockSize();
      return block > 0 && block <= ALIGNMENT && ALIGNMENT % block == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
