package dev.predump.image;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Receives the pages of a process in address order, as {@code criu restore} would see them. */
@FunctionalInterface
public interface PageVisitor {
  /**
   * @param vaddr address of the page
   * @param page its 4096 bytes, read-only, valid only during this call
   * @param round the round whose pages file held them
   */
  void visit(long vaddr, ByteBuffer page, int round) throws IOException;
}
