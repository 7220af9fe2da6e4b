package dev.predump.agent.engine;

import dev.predump.agent.kernel.CopyOutcome;
import dev.predump.agent.kernel.MemoryCopier;
import java.io.IOException;

/**
 * Decides which of a process's pages a round writes and which it leaves to the parent round.
 *
 * <p>Every page a tracker considers ends up covered, present or {@code PE_PARENT}, unless it
 * vanished or could not be read: that is the coverage rule a later CRIU dump relies on.
 */
interface DirtyTracker {

  /** Which tracker this is, as recorded in the manifest. */
  Tracking kind();

  /** Whether the ledger this tracker leaves for the next round must hold page hashes. */
  default boolean recordsHashes() {
    return false;
  }

  /** Copies one process's pages into the round through {@code emitter}. */
  CopyOutcome copy(ProcessPages pages, MemoryCopier copier, PageEmitter emitter) throws IOException;
}
