package dev.predump.operator;

import static dev.predump.operator.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencySlotsTest {

  private final ConcurrencySlots slots =
      new ConcurrencySlots(Fixtures.BOUNDS); // 2 per node, 3 total

  private static ResourceID id(String name) {
    return new ResourceID(name, "apps");
  }

  @Test
  void grantsCountBeforeTheCacheShowsThemRunning() {
    List<PreDump> cache =
        List.of(Fixtures.preDump("a"), Fixtures.preDump("b"), Fixtures.preDump("c"));
    assertThat(slots.tryAcquire(id("a"), "n1", cache.stream())).isEmpty();
    assertThat(slots.tryAcquire(id("b"), "n1", cache.stream())).isEmpty();
    assertThat(slots.tryAcquire(id("c"), "n1", cache.stream()))
        .hasValueSatisfying(m -> assertThat(m).contains("node n1").contains("at most 2"));
    // Asking again for a granted slot is fine.
    assertThat(slots.tryAcquire(id("a"), "n1", cache.stream())).isEmpty();
  }

  @Test
  void clusterLimitAcrossNodes() {
    List<PreDump> cache =
        List.of(
            Fixtures.running("a", "n1", T0),
            Fixtures.running("b", "n2", T0),
            Fixtures.running("c", "n3", T0),
            Fixtures.preDump("d"));
    assertThat(slots.tryAcquire(id("d"), "n4", cache.stream()))
        .hasValueSatisfying(m -> assertThat(m).contains("cluster").contains("at most 3"));
  }

  @Test
  void finishedOrReleasedFreesTheSlot() {
    PreDump a = Fixtures.preDump("a");
    PreDump b = Fixtures.preDump("b");
    PreDump c = Fixtures.preDump("c");
    assertThat(slots.tryAcquire(id("a"), "n1", List.of(a, b, c).stream())).isEmpty();
    assertThat(slots.tryAcquire(id("b"), "n1", List.of(a, b, c).stream())).isEmpty();
    assertThat(slots.tryAcquire(id("c"), "n1", List.of(a, b, c).stream())).isPresent();
    PreDump aDone = Fixtures.running("a", "n1", T0);
    aDone.getStatus().setPhase(PreDumpPhase.Succeeded);
    assertThat(slots.tryAcquire(id("c"), "n1", List.of(aDone, b, c).stream())).isEmpty();
    slots.release(id("b"));
    assertThat(
            slots.tryAcquire(id("d"), "n1", List.of(aDone, b, c, Fixtures.preDump("d")).stream()))
        .isEmpty();
  }
}
