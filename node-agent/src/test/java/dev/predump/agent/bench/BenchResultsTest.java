package dev.predump.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.image.testing.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchResultsTest {
  @Test
  void medianOfOddEvenAndMissingValues() {
    assertThat(Benchmark.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(Benchmark.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Benchmark.median(new double[] {Double.NaN, 5})).isEqualTo(5);
    assertThat(Benchmark.median(new double[] {})).isNaN();
  }

  @Test
  void p90IsTheNearestRank() {
    double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(Benchmark.percentile(ten, 90)).isEqualTo(9);
    assertThat(Benchmark.percentile(new double[] {1, 2, 3}, 90)).isEqualTo(3);
    assertThat(Benchmark.percentile(new double[] {4}, 90)).isEqualTo(4);
    assertThat(Benchmark.percentile(new double[] {}, 90)).isNaN();
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonCarriesEverySectionAndTheRatio() {
    BenchResults r = new BenchResults("test \"machine\"");
    r.frozen.add(
        new BenchResults.Frozen(
            "hash", 1L << 30, 10, 5.0, BenchResults.Spread.of(new double[] {4, 3, 3.5})));
    r.priority.add(
        new BenchResults.Priority(
            "hash",
            1L << 30,
            1000,
            5,
            BenchResults.Spread.of(new double[] {2, 6, 3}),
            BenchResults.Spread.of(new double[] {1, 1.5})));
    r.throughput.add(new BenchResults.Throughput(1L << 30, 3, 900.0, 660.0, 1000.0, 600.0));
    r.hash.add(new BenchResults.HashAccuracy(2, 1000, 1000));
    r.memory.add(new BenchResults.AgentMemory(1L << 28, 3, 100L << 20, 90L << 20, 110L << 20, 0));
    r.pagemap.add(new BenchResults.PagemapCost(1L << 30, 10, 1.5, 3.0));
    r.coldStart.add(new BenchResults.ColdStart(1L << 28, 5, 12.5, 6.25));
    Map<String, Object> json = (Map<String, Object>) Json.parse(r.json());
    assertThat(json)
        .containsKeys(
            "machine",
            "frozen",
            "throughput",
            "hash_accuracy",
            "agent_memory",
            "pagemap",
            "cold_start",
            "priority");
    assertThat(r.table()).contains("without warm-up  12.50, with warm-up   6.25");
    Map<String, Object> f = ((List<Map<String, Object>>) json.get("frozen")).get(0);
    assertThat(((Number) f.get("later_rounds")).intValue()).isEqualTo(3);
    assertThat(((Number) f.get("later_median_ms")).doubleValue()).isEqualTo(3.5);
    assertThat(((Number) f.get("later_p90_ms")).doubleValue()).isEqualTo(4);
    assertThat(r.table()).contains("      3     3.50     4.00     4.00");
    Map<String, Object> p = ((List<Map<String, Object>>) json.get("priority")).get(0);
    assertThat(((Number) p.get("normal_max_ms")).doubleValue()).isEqualTo(6);
    assertThat(((Number) p.get("realtime_median_ms")).doubleValue()).isEqualTo(1.25);
    assertThat(r.table())
        .contains("normal          3     3.00     6.00     6.00")
        .contains("realtime        2     1.25     1.50     1.50");
    Map<String, Object> t = ((List<Map<String, Object>>) json.get("throughput")).get(0);
    assertThat(((Number) t.get("ratio_buffered")).doubleValue()).isEqualTo(0.9);
    assertThat(((Number) t.get("ratio_direct")).doubleValue()).isEqualTo(1.5);
    assertThat(((Number) t.get("ratio_direct_to_raw_direct")).doubleValue()).isEqualTo(1.1);
    assertThat(r.table())
        .contains("ratio")
        .contains("0.90")
        .contains("1.50")
        .contains("written 1000")
        .contains("peak RSS  100.0 MiB (90.0-110.0, 3 runs)");
  }
}
