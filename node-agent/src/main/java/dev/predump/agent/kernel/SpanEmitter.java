package dev.predump.agent.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Joins pages read into one copy buffer into contiguous spans and hands each span to the sink once:
 * adjacent in the target and adjacent in the buffer.
 */
final class SpanEmitter {

  private final ByteBuffer buffer;
  private final PageSink sink;
  private long vaddr;
  private int offset;
  private int length;

  SpanEmitter(ByteBuffer buffer, PageSink sink) {
    this.buffer = buffer;
    this.sink = sink;
  }

  /** Records {@code length} bytes read from {@code vaddr} into the buffer at {@code offset}. */
  void add(long vaddr, int offset, int length) throws IOException {
    if (length == 0) {
      return;
    }
    if (this.length > 0
        && this.vaddr + this.length == vaddr
        && this.offset + this.length == offset) {
      this.length += length;
      return;
    }
    flush();
    this.vaddr = vaddr;
    this.offset = offset;
    this.length = length;
  }

  /** Hands the pending span to the sink; call before the buffer is reused. */
  void flush() throws IOException {
    if (length == 0) {
      return;
    }
    ByteBuffer span = buffer.slice(offset, length).asReadOnlyBuffer();
    length = 0;
    sink.accept(vaddr, span);
  }
}
