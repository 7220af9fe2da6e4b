package dev.predump.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.image.ImageChain;
import dev.predump.image.PageRange;
import dev.predump.image.RoundImage;
import dev.predump.image.testing.Crit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's crit reads every image file ./predump dump writes, entry for entry. */
class CritDecodesCliOutputIT {
  @TempDir Path tmp;

  @Test
  void critDecodesEveryRound() throws Exception {
    Crit.assumeInstalled();
    Path chain = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(4 << 20, 4, 0.2, false, 1))) {
      int rc =
          PredumpCommand.execute(
              "dump",
              "--pid",
              "" + w.pid(),
              "--out",
              chain.toString(),
              "--rounds",
              "2",
              "--tracking",
              "hash",
              "--converge-below",
              "0",
              "--max-growth",
              "-1");
      assertThat(rc).isZero();
    }
    try (ImageChain c = ImageChain.open(chain)) {
      assertThat(c.levels()).hasSize(2);
      for (RoundImage round : c.levels()) {
        Map<String, Object> inventory = Crit.show(round.dir().resolve("inventory.img"));
        assertThat(inventory.toString()).contains("dump_uptime").contains("pre_dump_mode");
        Map<String, Object> stats = Crit.decode(round.dir().resolve("stats-dump"));
        assertThat(stats.toString()).contains("frozen_time").contains("pages_written");
        for (int pid : round.pids()) {
          Path pagemap = round.dir().resolve("pagemap-" + pid + ".img");
          List<Map<String, Object>> entries = Crit.entries(Crit.decode(pagemap));
          List<PageRange> ours = round.pagemap(pid).orElseThrow().ranges();
          // The first entry is pagemap_head; then one entry per range, same address and size.
          assertThat(entries).hasSize(ours.size() + 1);
          for (int i = 0; i < ours.size(); i++) {
            Map<String, Object> e = entries.get(i + 1);
            assertThat(((Number) e.get("vaddr")).longValue())
                .as("entry %d of %s", i, pagemap)
                .isEqualTo(ours.get(i).vaddr());
            assertThat(((Number) e.get("nr_pages")).longValue()).isEqualTo(ours.get(i).nrPages());
          }
        }
        try (var files = Files.list(round.dir())) {
          assertThat(files.map(p -> p.getFileName().toString()))
              .contains("inventory.img", "stats-dump", "manifest");
        }
      }
    }
  }
}
