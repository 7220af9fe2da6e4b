package dev.predump.agent.kernel;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import jnr.ffi.Pointer;

/**
 * A private anonymous mapping of this process, for the workload that demos, tests and the benchmark
 * copy: what a real target's heap looks like to the kernel, with its protection under the caller's
 * control.
 */
public final class AnonymousMemory implements AutoCloseable {
  public static final int PROT_NONE = LibC.PROT_NONE;
  public static final int PROT_READ = LibC.PROT_READ;
  public static final int PROT_WRITE = LibC.PROT_WRITE;

  private final Pointer base;
  private final long size;
  private boolean closed;

  private AnonymousMemory(Pointer base, long size) {
    this.base = base;
    this.size = size;
  }

  /** Maps {@code bytes} (rounded up to whole pages) readable and writable. */
  public static AnonymousMemory map(long bytes) throws IOException {
    long length = (bytes + LibC.PAGE_SIZE - 1) / LibC.PAGE_SIZE * LibC.PAGE_SIZE;
    return new AnonymousMemory(LibC.mapAnonymous(length), length);
  }

  public long address() {
    return base.address();
  }

  public long size() {
    return size;
  }

  /** A direct buffer over {@code [offset, offset + length)} of the mapping; valid until close. */
  public ByteBuffer buffer(long offset, int length) {
    check(offset, length);
    return MemoryIO.getInstance().newDirectByteBuffer(base.address() + offset, length);
  }

  /** Changes the protection of whole pages: {@code PROT_NONE}, or {@code PROT_READ|PROT_WRITE}. */
  public void protect(long offset, long length, int prot) throws IOException {
    check(offset, length);
    LibC.protect(base.slice(offset), length, prot);
  }

  private void check(long offset, long length) {
    if (closed) {
      throw new IllegalStateException("mapping already unmapped");
    }
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new IndexOutOfBoundsException(
          "range " + offset + "+" + length + " outside a mapping of " + size + " bytes");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      LibC.unmap(base, size);
    }
  }
}
