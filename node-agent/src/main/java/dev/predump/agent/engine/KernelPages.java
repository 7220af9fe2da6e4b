package dev.predump.agent.engine;

import dev.predump.agent.kernel.PagemapSource;
import dev.predump.agent.kernel.PagemapSources;
import dev.predump.agent.kernel.SoftDirty;
import java.io.IOException;

/**
 * The kernel's page-state interfaces the engine reads: pagemap, and soft-dirty where it exists.
 * Tests of the soft-dirty tracker on kernels without it substitute a fake.
 */
public interface KernelPages {

  /** Where page presence (and soft-dirty bits) come from. */
  PagemapSource pagemaps();

  /** Whether soft-dirty bits are really tracked (a probe, not the clear_refs write). */
  boolean softDirtySupported();

  /** Clears the soft-dirty bits of every page of {@code pid}. */
  void clearSoftDirty(int pid) throws IOException;

  /** The running kernel. */
  static KernelPages live() {
    PagemapSource best = PagemapSources.best();
    return new KernelPages() {
      @Override
      public PagemapSource pagemaps() {
        return best;
      }

      @Override
      public boolean softDirtySupported() {
        return SoftDirty.supported();
      }

      @Override
      public void clearSoftDirty(int pid) throws IOException {
        SoftDirty.clear(pid);
      }
    };
  }
}
