package dev.predump.agent.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import jnr.ffi.Pointer;

/**
 * One {@link MemoryCopier#copy} call: fills a buffer half with a batch of segments, reads them,
 * hands what was read to the sink (through the {@link PageHandoff}, so that the next half is read
 * while this one is written), and tallies every page.
 *
 * <p>Progress is guaranteed: every failed read consumes at least one page (read through
 * /proc/PID/mem, vanished or unreadable), so no loop can spin.
 */
final class CopyPass {

  private static final int PAGE = LibC.PAGE_SIZE;

  private final int pid;
  private final ByteBuffer[] halves;
  private final long[] halfAddresses;
  private final IovecArray local;
  private final IovecArray remote;
  private final PageHandoff handoff;
  private final ProcMem mem;

  // The half being filled, and where its spans go.
  private int half;
  private ByteBuffer buffer;
  private long bufferAddress;
  private SpanEmitter emitter;
  private PageHandoff.Batch batch;

  // The batch: segments placed one after another in the buffer.
  private final long[] segVaddr;
  private final int[] segLength;
  private final int[] segOffset;
  private final boolean[] segViaMem;
  private int segments;
  private int filled;

  private long read;
  private long vanished;
  private long unreadable;
  private long viaMem;
  private boolean exited;
  private MappedRanges maps;

  CopyPass(int pid, ByteBuffer[] halves, IovecArray local, IovecArray remote, PageHandoff handoff) {
    this.pid = pid;
    this.halves = halves;
    this.halfAddresses = new long[halves.length];
    for (int i = 0; i < halves.length; i++) {
      halfAddresses[i] = Pointer.wrap(LibC.runtime(), halves[i]).address();
    }
    this.local = local;
    this.remote = remote;
    this.handoff = handoff;
    this.mem = new ProcMem(pid);
    useHalf(0);
    int max = remote.capacity();
    this.segVaddr = new long[max];
    this.segLength = new int[max];
    this.segOffset = new int[max];
    this.segViaMem = new boolean[max];
  }

  CopyOutcome run(List<PageRun> runs) throws IOException {
    long requested = 0;
    try {
      for (PageRun run : runs) {
        requested += run.nrPages();
        if (!exited) {
          place(run);
        }
      }
      if (!exited) {
        readBatch();
      }
      handoff.finish();
    } catch (IOException | RuntimeException | Error e) {
      handoff.abandon();
      throw e;
    } finally {
      mem.close();
    }
    if (exited) {
      // Pages never reached belong to a process that is gone: they vanished with it.
      vanished = requested - read - unreadable;
    }
    return new CopyOutcome(read, vanished, unreadable, viaMem, exited, read * PAGE);
  }

  /** Adds a run to the batch, reading the batch whenever the buffer or the iovecs are full. */
  private void place(PageRun run) throws IOException {
    long vaddr = run.start();
    long remaining = run.nrPages() * PAGE;
    boolean viaProcMem = !run.readable();
    while (remaining > 0 && !exited) {
      boolean extend =
          segments > 0
              && segViaMem[segments - 1] == viaProcMem
              && segVaddr[segments - 1] + segLength[segments - 1] == vaddr;
      if (filled == buffer.capacity() || (!extend && segments == segVaddr.length)) {
        readBatch();
        continue;
      }
      int take = (int) Math.min(remaining, buffer.capacity() - filled);
      if (extend) {
        segLength[segments - 1] += take;
      } else {
        segVaddr[segments] = vaddr;
        segLength[segments] = take;
        segOffset[segments] = filled;
        segViaMem[segments] = viaProcMem;
        segments++;
      }
      filled += take;
      vaddr += take;
      remaining -= take;
    }
  }

  private void useHalf(int index) {
    half = index;
    buffer = halves[index];
    bufferAddress = halfAddresses[index];
    batch = new PageHandoff.Batch();
    emitter = new SpanEmitter(buffer, batch);
  }

  private void readBatch() throws IOException {
    // The spans of this half's previous batch may still be being written.
    handoff.awaitFree(half);
    int i = 0;
    while (i < segments && !exited) {
      if (segViaMem[i]) {
        readViaProcMem(i);
        i++;
      } else {
        int j = i;
        while (j < segments && !segViaMem[j]) {
          j++;
        }
        readViaVm(i, j);
        i = j;
      }
    }
    emitter.flush();
    handoff.deliver(half, batch);
    useHalf((half + 1) % halves.length);
    segments = 0;
    filled = 0;
  }

  /** process_vm_readv over segments [from, to), resuming after each page that fails. */
  private void readViaVm(int from, int to) throws IOException {
    int seg = from;
    int off = 0;
    while (seg < to && !exited) {
      int n = 0;
      long total = 0;
      for (int s = seg; s < to; s++) {
        int skip = s == seg ? off : 0;
        remote.set(n++, segVaddr[s] + skip, segLength[s] - skip);
        total += segLength[s] - skip;
      }
      // The buffer slots of the segments are adjacent, so one local iovec covers them all.
      local.set(0, bufferAddress + segOffset[seg] + off, total);
      long r = LibC.processVmReadv(pid, local.pointer(), 1, remote.pointer(), n);
      if (r == -LibC.ESRCH) {
        exited = true;
        return;
      }
      if (r < 0 && r != -LibC.EFAULT) {
        throw new KernelException("process_vm_readv pid " + pid, (int) -r);
      }
      // A fault returns the bytes before the failing page; keep only whole pages.
      long good = r < 0 ? 0 : r - r % PAGE;
      while (good > 0) {
        int piece = (int) Math.min(good, segLength[seg] - off);
        accept(segVaddr[seg] + off, segOffset[seg] + off, piece, false);
        good -= piece;
        off += piece;
        if (off == segLength[seg]) {
          seg++;
          off = 0;
        }
      }
      if (r == total) {
        return;
      }
      off += handleFailedPage(segVaddr[seg] + off, segOffset[seg] + off, segLength[seg] - off);
      if (off == segLength[seg]) {
        seg++;
        off = 0;
      }
    }
  }

  /** pread on /proc/PID/mem for a whole segment (mappings without PROT_READ). */
  private void readViaProcMem(int seg) throws IOException {
    int off = 0;
    while (off < segLength[seg] && !exited) {
      long vaddr = segVaddr[seg] + off;
      long r = readProcMem(segOffset[seg] + off, segLength[seg] - off, vaddr);
      if (exited) {
        return;
      }
      long good = r < 0 ? 0 : r - r % PAGE;
      accept(vaddr, segOffset[seg] + off, (int) good, true);
      off += (int) good;
      if (off < segLength[seg]) {
        off += handleFailedPage(segVaddr[seg] + off, segOffset[seg] + off, segLength[seg] - off);
      }
    }
  }

  /**
   * Deals with the first page of {@code [vaddr, vaddr + left)} that could not be read: retries it
   * through /proc/PID/mem (FOLL_FORCE reads pages whose PROT_READ was just removed), else
   * classifies it as vanished (no longer mapped: the whole hole is skipped at once) or unreadable.
   *
   * @return the bytes consumed, at least one page unless the process exited
   */
  private int handleFailedPage(long vaddr, int offset, int left) throws IOException {
    long r = readProcMem(offset, PAGE, vaddr);
    if (exited) {
      return 0;
    }
    if (r == PAGE) {
      accept(vaddr, offset, PAGE, true);
      return PAGE;
    }
    if (maps == null || maps.isMapped(vaddr)) {
      // A cached snapshot may only say "unmapped": a hole seen after the failure is a real one.
      try {
        maps = MappedRanges.read(pid);
      } catch (NoSuchProcessException e) {
        exited = true;
        return 0;
      }
    }
    if (maps.isMapped(vaddr)) {
      unreadable++;
      return PAGE;
    }
    long hole = Math.min(maps.holeEnd(vaddr) - vaddr, left);
    int pages = (int) Math.max(1, hole / PAGE);
    vanished += pages;
    return pages * PAGE;
  }

  /** pread on /proc/PID/mem into the buffer; sets {@code exited} when the memory is gone. */
  private long readProcMem(int offset, long count, long vaddr) throws KernelException {
    long r;
    try {
      r = mem.read(Pointer.wrap(LibC.runtime(), bufferAddress + offset), count, vaddr);
    } catch (NoSuchProcessException e) {
      exited = true;
      return -LibC.ESRCH;
    }
    // 0 bytes: the process has no mm any more (exited, or a zombie).
    if (r == 0 || r == -LibC.ESRCH) {
      exited = true;
    }
    return r;
  }

  private void accept(long vaddr, int offset, int length, boolean fromProcMem) throws IOException {
    if (length == 0) {
      return;
    }
    emitter.add(vaddr, offset, length);
    read += length / PAGE;
    if (fromProcMem) {
      viaMem += length / PAGE;
    }
  }
}
