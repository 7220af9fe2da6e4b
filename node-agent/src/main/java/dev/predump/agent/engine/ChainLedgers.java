package dev.predump.agent.engine;

import dev.predump.image.ImageChain;
import dev.predump.image.PageRange;
import dev.predump.image.RoundImage;
import dev.predump.image.proto.ProcessImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the top round of an existing chain covered, rebuilt from its images, so that a new run (an
 * agent restarted after a crash) continues the chain with the next round instead of starting over.
 */
final class ChainLedgers {
  private ChainLedgers() {}

  /**
   * The top round and its ledgers.
   *
   * @param round number of the top complete round
   * @param ledgers per process: the pages covered, with the hash of each page's content when the
   *     tracker compares hashes
   */
  record Top(int round, Map<ProcessKey, PageLedger> ledgers) {}

  /** Reads the top round of {@code chainDir}; with hashes it reads every page through the chain. */
  static Top read(Path chainDir, boolean withHashes) throws IOException {
    try (ImageChain chain = ImageChain.open(chainDir)) {
      RoundImage top = chain.top();
      Map<ProcessKey, PageLedger> ledgers = new HashMap<>();
      for (ProcessImage p : top.manifest().getProcessesList()) {
        PageLedger ledger = new PageLedger(withHashes);
        if (withHashes) {
          chain.forEachPage(
              p.getNsPid(),
              (vaddr, page, round) -> ledger.coverPage(vaddr, HashTracker.hash(page)));
        } else {
          for (PageRange r : chain.pagemap(p.getNsPid())) {
            ledger.cover(r.vaddr(), r.nrPages());
          }
        }
        ledger.seal();
        ledgers.put(new ProcessKey(p.getHostPid(), p.getStartTimeTicks()), ledger);
      }
      return new Top(top.round(), ledgers);
    }
  }
}
