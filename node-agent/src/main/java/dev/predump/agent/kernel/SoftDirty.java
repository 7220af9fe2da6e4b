package dev.predump.agent.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/** The kernel's soft-dirty page tracking (CONFIG_MEM_SOFT_DIRTY): probe and clear. */
public final class SoftDirty {

  private static final byte[] CLEAR_SOFT_DIRTY = "4".getBytes(StandardCharsets.US_ASCII);

  private static final class Probe {
    static final boolean SUPPORTED = probe();
  }

  // Keeps the probing writes from being optimised away.
  @SuppressWarnings("unused")
  private static volatile byte written;

  private SoftDirty() {}

  /**
   * True when the kernel tracks soft-dirty pages, determined once by a real probe on this process.
   *
   * <p>Writing 4 to clear_refs succeeds even on kernels without soft-dirty, and there pagemap bit
   * 55 is simply never set; so the probe maps a page, writes it, clears the bits, writes it again
   * and reads bit 55. With CONFIG_MEM_SOFT_DIRTY the clear write-protects the page, the second
   * write faults and the fault handler sets the bit: true. Without it nothing ever sets the bit:
   * false. (The clear also applies to the rest of this process, which costs it only minor faults.)
   */
  public static boolean supported() {
    return Probe.SUPPORTED;
  }

  /** Clears the soft-dirty bits of every page of {@code pid}: {@code echo 4 > clear_refs}. */
  public static void clear(int pid) throws KernelException {
    if (pid <= 0) {
      throw new IllegalArgumentException("Not a process id: " + pid);
    }
    clearRefs(pid);
  }

  private static void clearRefs(int pid) throws KernelException {
    try (ProcFile clearRefs = ProcFile.open(pid, "clear_refs", LibC.O_WRONLY)) {
      clearRefs.write(CLEAR_SOFT_DIRTY);
    }
  }

  private static boolean probe() {
    int page = LibC.PAGE_SIZE;
    try {
      Pointer map = LibC.mapAnonymous(page);
      try {
        map.putByte(0, (byte) 1);
        clearRefs(0);
        map.putByte(0, (byte) 2);
        written = map.getByte(0);
        return (pagemapEntry(map.address()) & PagemapEntry.PM_SOFT_DIRTY) != 0;
      } finally {
        LibC.unmap(map, page);
      }
    } catch (KernelException e) {
      return false;
    }
  }

  private static long pagemapEntry(long address) throws KernelException {
    ByteBuffer entry = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
    try (ProcFile pagemap = ProcFile.open(0, "pagemap", LibC.O_RDONLY)) {
      long r = pagemap.pread(Pointer.wrap(LibC.runtime(), entry), 8, address / LibC.PAGE_SIZE * 8);
      if (r != 8) {
        throw new KernelException("read " + pagemap.path(), r < 0 ? (int) -r : LibC.EIO);
      }
    }
    return entry.getLong(0);
  }
}
