package dev.predump.agent.engine;

import dev.predump.agent.kernel.CopyOutcome;
import dev.predump.agent.kernel.MemoryCopier;
import java.io.IOException;
import java.nio.ByteBuffer;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * For kernels without soft-dirty: reads every present page each round, hashes it, and writes only
 * the pages whose 64-bit hash differs from the previous round's. Unchanged pages become {@code
 * PE_PARENT} entries.
 *
 * <p>A collision of two different contents under xxHash64 would keep a stale page; at 2^-64 per
 * changed page that is far below the rate of undetected storage errors.
 */
final class HashTracker implements DirtyTracker {
  private static final int PAGE = (int) PageLedger.PAGE;
  private static final long SEED = 0x9E3779B97F4A7C15L;

  private final XXHash64 xxhash = XXHashFactory.fastestInstance().hash64();
  private static final XXHash64 SHARED = XXHashFactory.fastestInstance().hash64();

  /** The hash this tracker keeps of a page: rebuilding a ledger from a chain must use the same. */
  static long hash(ByteBuffer page) {
    return SHARED.hash(page, page.position(), PAGE, SEED);
  }

  @Override
  public Tracking kind() {
    return Tracking.HASH;
  }

  @Override
  public boolean recordsHashes() {
    return true;
  }

  @Override
  public CopyOutcome copy(ProcessPages pages, MemoryCopier copier, PageEmitter emitter)
      throws IOException {
    PageLedger previous = pages.previous();
    return copier.copy(
        pages.identity().hostPid(),
        pages.runs(),
        (vaddr, chunk) -> splitByChange(vaddr, chunk, previous, emitter));
  }

  private void splitByChange(long vaddr, ByteBuffer chunk, PageLedger previous, PageEmitter emitter)
      throws IOException {
    int base = chunk.position();
    int count = chunk.remaining() / PAGE;
    int runStart = 0;
    boolean runDirty = false;
    for (int i = 0; i < count; i++) {
      long addr = vaddr + (long) i * PAGE;
      long hash = xxhash.hash(chunk, base + i * PAGE, PAGE, SEED);
      boolean dirty = previous == null || !previous.sameHash(addr, hash);
      if (i > 0 && dirty != runDirty) {
        emit(vaddr, chunk, base, runStart, i, runDirty, emitter);
        runStart = i;
      }
      runDirty = dirty;
      emitter.hashed(addr, hash);
    }
    if (count > 0) {
      emit(vaddr, chunk, base, runStart, count, runDirty, emitter);
    }
  }

  private static void emit(
      long vaddr, ByteBuffer chunk, int base, int from, int to, boolean dirty, PageEmitter emitter)
      throws IOException {
    long addr = vaddr + (long) from * PAGE;
    if (dirty) {
      ByteBuffer slice = chunk.duplicate();
      slice.limit(base + to * PAGE).position(base + from * PAGE);
      emitter.present(addr, slice);
    } else {
      emitter.parent(addr, to - from);
    }
  }
}
