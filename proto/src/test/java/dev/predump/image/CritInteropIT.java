package dev.predump.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.predump.image.proto.RoundManifest;
import dev.predump.image.proto.RoundStatsRecord;
import dev.predump.image.testing.ChainModel;
import dev.predump.image.testing.Crit;
import dev.predump.image.testing.RandomChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CRIU's own decoder, crit, reads every file the writer produces and agrees with the model. */
class CritInteropIT {
  @TempDir Path chain;

  private ChainModel model;

  @BeforeEach
  void writeChain() throws IOException {
    Crit.assumeInstalled();
    model = RandomChain.seed(31).levels(3).processes(3).build(chain);
  }

  @Test
  void critDecodesEveryPagemapToTheWrittenEntries() throws IOException {
    for (RoundSummary round : model.rounds()) {
      Path dir = round.dir();
      for (int pid : model.pids(round.round())) {
        Map<String, Object> decoded = Crit.decode(dir.resolve(ImageLayout.pagemapName(pid)));
        assertThat(decoded.get("magic")).isEqualTo("PAGEMAP");
        List<Map<String, Object>> entries = Crit.entries(decoded);
        int pagesId = manifestPagesId(round.manifest(), pid);
        assertThat(entries.get(0)).containsEntry("pages_id", (long) pagesId);
        List<PageRange> expected = model.ranges(round.round(), pid);
        assertThat(entries).hasSize(expected.size() + 1);
        long presentPages = 0;
        for (int i = 0; i < expected.size(); i++) {
          PageRange range = expected.get(i);
          Map<String, Object> entry = entries.get(i + 1);
          assertThat(entry.get("vaddr"))
              .as("round %d pid %d entry %d", round.round(), pid, i)
              .isEqualTo(range.vaddr());
          assertThat(entry.get("nr_pages")).isEqualTo(range.nrPages());
          assertThat(entry.get("flags")).isEqualTo((long) range.location().flags());
          assertThat(entry).doesNotContainKey("in_parent");
          if (range.location() == PageLocation.PRESENT) {
            presentPages += range.nrPages();
          }
        }
        // crit cannot decode raw pages files; their size is what crit's entries imply.
        assertThat(Files.size(dir.resolve(ImageLayout.pagesName(pagesId))))
            .isEqualTo(presentPages * ImageLayout.PAGE_SIZE);
      }
    }
  }

  @Test
  void critNamesTheFlagsAndAddressesInPrettyMode() throws IOException {
    Path dir = model.roundDir(model.topRound());
    int pid = model.pids().iterator().next();
    List<Map<String, Object>> entries =
        Crit.entries(Crit.decodePretty(dir.resolve(ImageLayout.pagemapName(pid))));
    List<PageRange> expected = model.ranges(model.topRound(), pid);
    for (int i = 0; i < expected.size(); i++) {
      PageRange range = expected.get(i);
      assertThat(entries.get(i + 1))
          .containsEntry("vaddr", "0x" + Long.toHexString(range.vaddr()))
          .containsEntry(
              "flags", range.location() == PageLocation.PRESENT ? "PE_PRESENT" : "PE_PARENT");
    }
  }

  @Test
  void critDecodesInventory() throws IOException {
    for (RoundSummary round : model.rounds()) {
      Map<String, Object> decoded = Crit.show(round.dir().resolve(ImageLayout.INVENTORY));
      assertThat(decoded.get("magic")).isEqualTo("INVENTORY");
      assertThat(Crit.entries(decoded))
          .singleElement()
          .satisfies(
              inventory ->
                  assertThat(inventory)
                      .containsEntry("img_version", 0L)
                      .containsEntry("dump_uptime", round.manifest().getDumpUptime())
                      .containsEntry("pre_dump_mode", 2L));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void critDecodesStatsDump() throws IOException {
    for (RoundSummary round : model.rounds()) {
      Map<String, Object> decoded = Crit.decode(round.dir().resolve(ImageLayout.STATS));
      assertThat(decoded.get("magic")).isEqualTo("STATS");
      Map<String, Object> dump = (Map<String, Object>) Crit.entries(decoded).get(0).get("dump");
      RoundStatsRecord stats = round.manifest().getStats();
      assertThat(dump)
          .containsEntry("freezing_time", stats.getFreezingTime())
          .containsEntry("frozen_time", stats.getFrozenTime())
          .containsEntry("memdump_time", stats.getMemdumpTime())
          .containsEntry("pages_scanned", stats.getPagesScanned())
          .containsEntry("pages_written", model.presentPages(round.round()))
          .containsEntry("pages_skipped_parent", round.pagesParent());
    }
  }

  @Test
  void critRefusesOurManifestInsteadOfMisreadingIt() {
    Path manifest = model.roundDir(1).resolve(ImageLayout.MANIFEST);
    assertThatThrownBy(() -> Crit.decode(manifest))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Unknown magic");
  }

  private static int manifestPagesId(RoundManifest manifest, int pid) {
    return manifest.getProcessesList().stream()
        .filter(p -> p.getNsPid() == pid)
        .findFirst()
        .orElseThrow()
        .getPagesId();
  }
}
