package dev.predump.api.v1alpha1;

import static dev.predump.api.v1alpha1.PreDumpRules.CONVERGE_BELOW_DEFAULT;
import static dev.predump.api.v1alpha1.PreDumpRules.DURATION;
import static dev.predump.api.v1alpha1.PreDumpRules.DURATION_MAX_LENGTH;
import static dev.predump.api.v1alpha1.PreDumpRules.INTERVAL_DEFAULT;
import static dev.predump.api.v1alpha1.PreDumpRules.INTERVAL_RANGE;
import static dev.predump.api.v1alpha1.PreDumpRules.INTERVAL_RULE;
import static dev.predump.api.v1alpha1.PreDumpRules.MAX_GROWTH_PERCENT_DEFAULT;
import static dev.predump.api.v1alpha1.PreDumpRules.MAX_GROWTH_PERCENT_MAX;
import static dev.predump.api.v1alpha1.PreDumpRules.ROUNDS_MAX_DEFAULT;
import static dev.predump.api.v1alpha1.PreDumpRules.ROUNDS_MAX_MAX;
import static dev.predump.api.v1alpha1.PreDumpRules.ROUNDS_MAX_MIN;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * The stop rule: rounds run until the last one dirtied fewer than {@code convergeBelow} bytes
 * (Converged), {@code max} rounds are done (MaxRoundsReached), or the dirty set grows by more than
 * {@code maxGrowthPercent} from one round to the next (NotConverging). Each outcome leaves a usable
 * chain. May be changed while the rounds run; the agent reads it before each round.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"max", "interval", "convergeBelow", "maxGrowthPercent"})
public class RoundPolicy {

  @Default("8")
  @Min(ROUNDS_MAX_MIN)
  @Max(ROUNDS_MAX_MAX)
  @JsonPropertyDescription(
      "Most rounds to run, the first (full) round included. Between 1 and 100; default 8.")
  private Integer max = ROUNDS_MAX_DEFAULT;

  @Default(INTERVAL_DEFAULT)
  @Pattern(DURATION)
  @Size(max = DURATION_MAX_LENGTH)
  @ValidationRule(value = INTERVAL_RULE, message = INTERVAL_RANGE)
  @JsonPropertyDescription(
      "Pause between the end of one round and the start of the next, as a duration (\"2s\")."
          + " \"0s\" (the default) starts the next round at once, which converges fastest; a"
          + " pause lowers the agent's load but lets more pages get dirty. At most 1h, and"
          + " shorter than timeout.")
  private String interval = INTERVAL_DEFAULT;

  @Default("67108864")
  @Min(0)
  @JsonPropertyDescription(
      "Converged threshold in bytes: the rounds stop with reason Converged after a round (from"
          + " the second on) that dirtied fewer bytes than this, because a final dump would now"
          + " copy little. 0 never stops early. Default 67108864 (64 MiB).")
  private Long convergeBelow = CONVERGE_BELOW_DEFAULT;

  @Default("20")
  @Min(0)
  @Max(MAX_GROWTH_PERCENT_MAX)
  @JsonPropertyDescription(
      "Not-converging tolerance in percent: from the third round on, the rounds stop with"
          + " reason NotConverging when a round dirtied more than this percentage more bytes"
          + " than the round before it, because the workload writes faster than the rounds copy"
          + " and more rounds would not shrink the final dump. 0 stops at the first round that"
          + " does not shrink. Between 0 and 1000; default 20.")
  private Integer maxGrowthPercent = MAX_GROWTH_PERCENT_DEFAULT;

  /** Creates a policy with every default. */
  public RoundPolicy() {}

  /** Most rounds, the first one included. */
  public Integer getMax() {
    return max;
  }

  public void setMax(Integer max) {
    this.max = max;
  }

  /** Pause between rounds, as a duration string; see {@link Durations}. */
  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  /** Dirty bytes below which the rounds have converged. */
  public Long getConvergeBelow() {
    return convergeBelow;
  }

  public void setConvergeBelow(Long convergeBelow) {
    this.convergeBelow = convergeBelow;
  }

  /** Growth of the dirty set, in percent, past which the rounds are not converging. */
  public Integer getMaxGrowthPercent() {
    return maxGrowthPercent;
  }

  public void setMaxGrowthPercent(Integer maxGrowthPercent) {
    this.maxGrowthPercent = maxGrowthPercent;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoundPolicy p
        && Objects.equals(max, p.max)
        && Objects.equals(interval, p.interval)
        && Objects.equals(convergeBelow, p.convergeBelow)
        && Objects.equals(maxGrowthPercent, p.maxGrowthPercent);
  }

  @Override
  public int hashCode() {
    return Objects.hash(max, interval, convergeBelow, maxGrowthPercent);
  }

  @Override
  public String toString() {
    return "RoundPolicy{max="
        + max
        + ", interval="
        + interval
        + ", convergeBelow="
        + convergeBelow
        + ", maxGrowthPercent="
        + maxGrowthPercent
        + "}";
  }
}
