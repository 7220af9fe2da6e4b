package dev.predump.agent.engine;

import dev.predump.agent.kernel.CopyOutcome;
import dev.predump.agent.kernel.MemoryCopier;
import java.io.IOException;

/** Writes every present page, every round. */
final class FullTracker implements DirtyTracker {

  @Override
  public Tracking kind() {
    return Tracking.FULL;
  }

  @Override
  public CopyOutcome copy(ProcessPages pages, MemoryCopier copier, PageEmitter emitter)
      throws IOException {
    return copier.copy(pages.identity().hostPid(), pages.runs(), emitter::present);
  }
}
