package dev.predump.agent.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives the pages a {@link MemoryCopier} read, in ascending address order: one call at a time,
 * possibly on the copier's writer thread rather than the caller's, all of them returned before the
 * copy returns.
 */
@FunctionalInterface
public interface PageSink {

  /**
   * Takes contiguous pages that were read successfully.
   *
   * @param vaddr the address of the first page in the target process
   * @param pages the page bytes (a whole number of pages), read-only and valid only during this
   *     call: the copier reuses the memory for the next chunk
   */
  void accept(long vaddr, ByteBuffer pages) throws IOException;
}
