package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MappedRangesTest {

  private static final List<String> MAPS =
      List.of(
          "55d0c8a00000-55d0c8a02000 r--p 00000000 fd:01 1234     /usr/bin/python3.11",
          "7f0000000000-7f0000010000 rw-p 00000000 00:00 0 ",
          "7f0000020000-7f0000021000 ---p 00000000 00:00 0 ",
          "7ffd1c5e0000-7ffd1c601000 rw-p 00000000 00:00 0                          [stack]",
          "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]");

  @Test
  void knowsWhatIsMapped() {
    MappedRanges maps = MappedRanges.parse(MAPS);
    assertThat(maps.isMapped(0x7f0000000000L)).isTrue();
    assertThat(maps.isMapped(0x7f000000f000L)).isTrue();
    assertThat(maps.isMapped(0x7f0000010000L)).isFalse();
    assertThat(maps.isMapped(0x7f0000020000L)).isTrue();
    assertThat(maps.isMapped(0xffffffffff600000L)).isTrue();
    assertThat(maps.isMapped(0x1000)).isFalse();
  }

  @Test
  void aHoleEndsWhereTheNextMappingStarts() {
    MappedRanges maps = MappedRanges.parse(MAPS);
    assertThat(maps.holeEnd(0x7f0000010000L)).isEqualTo(0x7f0000020000L);
    assertThat(maps.holeEnd(0x1000)).isEqualTo(0x55d0c8a00000L);
    assertThat(maps.holeEnd(0x7ffd1c601000L)).isEqualTo(0xffffffffff600000L);
  }

  @Test
  void aProcessWithoutMappingsHasOneHole() {
    MappedRanges maps = MappedRanges.parse(List.of());
    assertThat(maps.isMapped(0x1000)).isFalse();
    assertThat(maps.holeEnd(0x1000)).isEqualTo(Long.MAX_VALUE);
  }
}
