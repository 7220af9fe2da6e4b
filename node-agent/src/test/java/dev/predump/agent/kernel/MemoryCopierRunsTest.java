package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryCopierRunsTest {

  private static final long P = LibC.PAGE_SIZE;

  @Test
  void acceptsSortedAdjacentRuns() {
    assertThatCode(
            () ->
                MemoryCopier.checkOrder(
                    List.of(
                        new PageRun(P, 2, true),
                        new PageRun(3 * P, 1, false),
                        new PageRun(10 * P, 0, true))))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsUnsortedOverlappingOrUnalignedRuns() {
    assertThatThrownBy(
            () ->
                MemoryCopier.checkOrder(
                    List.of(new PageRun(4 * P, 1, true), new PageRun(P, 1, true))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sorted");
    assertThatThrownBy(
            () ->
                MemoryCopier.checkOrder(
                    List.of(new PageRun(P, 3, true), new PageRun(2 * P, 1, true))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemoryCopier.checkOrder(List.of(new PageRun(P + 1, 1, true))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("page-aligned");
    assertThatThrownBy(() -> new PageRun(0, -1, true)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBufferIsWholePagesAndAtLeastOne() {
    try (MemoryCopier copier = new MemoryCopier((int) (3 * P + 100))) {
      assertThat(copier.bufferBytes()).isEqualTo(3 * P);
    }
    assertThatThrownBy(() -> new MemoryCopier(100)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClosedCopierRefusesWork() {
    MemoryCopier copier = new MemoryCopier((int) P);
    copier.close();
    assertThatThrownBy(() -> copier.copy(1, List.of(), (v, b) -> {}))
        .isInstanceOf(IllegalStateException.class);
  }
}
