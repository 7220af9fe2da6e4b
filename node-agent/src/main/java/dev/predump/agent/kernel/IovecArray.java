package dev.predump.agent.kernel;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** An array of {@code struct iovec { void *iov_base; size_t iov_len; }} in native memory (LP64). */
final class IovecArray {

  static final int IOV_BASE = 0;
  static final int IOV_LEN = 8;
  static final int SIZEOF = 16;

  private final Pointer memory;
  private final int capacity;

  IovecArray(int capacity) {
    this.capacity = capacity;
    this.memory = Memory.allocateDirect(LibC.runtime(), (long) capacity * SIZEOF, true);
  }

  int capacity() {
    return capacity;
  }

  void set(int index, long iov_base, long iov_len) {
    long at = (long) index * SIZEOF;
    memory.putLong(at + IOV_BASE, iov_base);
    memory.putLong(at + IOV_LEN, iov_len);
  }

  Pointer pointer() {
    return memory;
  }
}
