package dev.predump.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmapsFlagsTest {

  @Test
  void everyMappingOfACapturedSmapsGetsItsFlags() {
    Map<Long, Set<String>> flags = SmapsFlags.parse(Fixtures.text("bash-smaps.txt"));
    List<Vma> vmas = ProcMaps.parse(Fixtures.text("bash-maps.txt"));

    assertThat(flags).hasSize(43);
    assertThat(flags.keySet()).containsExactlyElementsOf(vmas.stream().map(Vma::start).toList());
    assertThat(flags.get(0x5633e2f64000L)).containsExactly("rd", "mr", "mw", "me");
    Vma stack = vmas.stream().filter(v -> v.path().equals("[stack]")).findFirst().orElseThrow();
    assertThat(flags.get(stack.start())).contains("rd", "wr", "gd");
  }

  @Test
  void ioPfnmapAndDontDumpMappings() {
    String text =
        """
        7f0000000000-7f0000001000 rw-s 00000000 00:06 12                         /dev/mem
        Size:                  4 kB
        Rss:                   4 kB
        VmFlags: rd wr sh mr mw me ms io pf dd
        7f0000001000-7f0000201000 rw-p 00000000 00:10 99                         /anon_hugepage
        Size:               2048 kB
        VmFlags: rd wr mr mw me ht
        7f0000201000-7f0000202000 rw-p 00000000 00:00 0
        Size:                  4 kB
        """;

    Map<Long, Set<String>> flags = SmapsFlags.parse(text);

    assertThat(flags.get(0x7f0000000000L)).contains("io", "pf", "dd");
    assertThat(flags.get(0x7f0000001000L)).contains("ht").doesNotContain("io");
    assertThat(flags.get(0x7f0000201000L)).isEmpty();
  }
}
