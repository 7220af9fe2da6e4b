package dev.predump.api.v1alpha1;

import static dev.predump.api.v1alpha1.PreDumpRules.CONTAINERS_IMMUTABLE;
import static dev.predump.api.v1alpha1.PreDumpRules.CONTAINERS_PRESENCE;
import static dev.predump.api.v1alpha1.PreDumpRules.CONTAINERS_PRESENCE_RULE;
import static dev.predump.api.v1alpha1.PreDumpRules.CONTAINERS_UNIQUE;
import static dev.predump.api.v1alpha1.PreDumpRules.CONTAINERS_UNIQUE_RULE;
import static dev.predump.api.v1alpha1.PreDumpRules.CONTAINER_NAME_MAX_LENGTH;
import static dev.predump.api.v1alpha1.PreDumpRules.DNS1123_LABEL;
import static dev.predump.api.v1alpha1.PreDumpRules.DNS1123_SUBDOMAIN;
import static dev.predump.api.v1alpha1.PreDumpRules.DURATION;
import static dev.predump.api.v1alpha1.PreDumpRules.DURATION_MAX_LENGTH;
import static dev.predump.api.v1alpha1.PreDumpRules.FREEZE_BUDGET_DEFAULT;
import static dev.predump.api.v1alpha1.PreDumpRules.FREEZE_BUDGET_RANGE;
import static dev.predump.api.v1alpha1.PreDumpRules.FREEZE_BUDGET_RULE;
import static dev.predump.api.v1alpha1.PreDumpRules.IMMUTABLE;
import static dev.predump.api.v1alpha1.PreDumpRules.INTERVAL_BELOW_TIMEOUT;
import static dev.predump.api.v1alpha1.PreDumpRules.INTERVAL_BELOW_TIMEOUT_RULE;
import static dev.predump.api.v1alpha1.PreDumpRules.POD_NAME_IMMUTABLE;
import static dev.predump.api.v1alpha1.PreDumpRules.POD_NAME_MAX_LENGTH;
import static dev.predump.api.v1alpha1.PreDumpRules.POD_UID_IMMUTABLE;
import static dev.predump.api.v1alpha1.PreDumpRules.POD_UID_PRESENCE;
import static dev.predump.api.v1alpha1.PreDumpRules.POD_UID_PRESENCE_RULE;
import static dev.predump.api.v1alpha1.PreDumpRules.TIMEOUT_DEFAULT;
import static dev.predump.api.v1alpha1.PreDumpRules.TIMEOUT_RANGE;
import static dev.predump.api.v1alpha1.PreDumpRules.TIMEOUT_RULE;
import static dev.predump.api.v1alpha1.PreDumpRules.TRACKING_IMMUTABLE;
import static dev.predump.api.v1alpha1.PreDumpRules.UID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to pre-copy (a pod and some of its containers) and how (rounds, tracking, budgets). The
 * target is immutable once created; the budgets may be changed while the rounds run.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "podName",
  "podUID",
  "containers",
  "rounds",
  "tracking",
  "freezeBudget",
  "bandwidth",
  "timeout",
  "retention"
})
@ValidationRule(value = POD_UID_PRESENCE_RULE, message = POD_UID_PRESENCE)
@ValidationRule(value = CONTAINERS_PRESENCE_RULE, message = CONTAINERS_PRESENCE)
@ValidationRule(value = INTERVAL_BELOW_TIMEOUT_RULE, message = INTERVAL_BELOW_TIMEOUT)
public class PreDumpSpec {

  @Required
  @Pattern(DNS1123_SUBDOMAIN)
  @Size(min = 1, max = POD_NAME_MAX_LENGTH)
  @ValidationRule(value = IMMUTABLE, message = POD_NAME_IMMUTABLE)
  @JsonPropertyDescription(
      "Name of the pod to pre-copy, in the PreDump's namespace. The pod must be scheduled and"
          + " running. Immutable.")
  private String podName;

  @Pattern(UID)
  @ValidationRule(value = IMMUTABLE, message = POD_UID_IMMUTABLE)
  @JsonPropertyDescription(
      "UID of the pod (metadata.uid). Optional pin: when set, the PreDump fails with reason"
          + " PodReplaced if the pod named podName has another UID, e.g. because it was deleted"
          + " and recreated. When empty, the operator records the UID it finds in status.podUID and"
          + " holds the pod to it from then on. Immutable.")
  private String podUID;

  @Size(max = PreDumpRules.CONTAINERS_MAX_ITEMS)
  @ValidationRule(value = CONTAINERS_UNIQUE_RULE, message = CONTAINERS_UNIQUE)
  @ValidationRule(value = IMMUTABLE, message = CONTAINERS_IMMUTABLE)
  @JsonPropertyDescription(
      "Names of the pod's containers to pre-copy; empty means all of its (non-init) containers."
          + " All chosen containers are frozen together, once per round, so that their images"
          + " are consistent with each other. Immutable.")
  private List<@Pattern(DNS1123_LABEL) @Size(min = 1, max = CONTAINER_NAME_MAX_LENGTH) String>
      containers = new ArrayList<>();

  @Default("{}")
  @JsonPropertyDescription("How many rounds to run and when to stop (the stop rule).")
  private RoundPolicy rounds = new RoundPolicy();

  @Default("Auto")
  @ValidationRule(value = IMMUTABLE, message = TRACKING_IMMUTABLE)
  @JsonPropertyDescription(
      "How rounds after the first find the pages written since the previous round. Auto picks"
          + " SoftDirty where the node's kernel supports it and Hash elsewhere; SoftDirty uses the"
          + " kernel's soft-dirty bits (what a later CRIU final dump with --track-mem relies on);"
          + " Hash reads every page and compares a hash per page with the previous round; Full"
          + " copies every present page every round. Immutable.")
  private TrackingMode tracking = TrackingMode.Auto;

  @Default(FREEZE_BUDGET_DEFAULT)
  @Pattern(DURATION)
  @Size(max = DURATION_MAX_LENGTH)
  @ValidationRule(value = FREEZE_BUDGET_RULE, message = FREEZE_BUDGET_RANGE)
  @JsonPropertyDescription(
      "Longest time the containers may stay frozen in one round, as a duration (\"100ms\"). A"
          + " round freezes only to read the memory maps (and scan the soft-dirty bits), which"
          + " takes milliseconds. When the budget runs out the agent thaws the containers at once,"
          + " abandons that round (earlier rounds stay intact) and the PreDump fails with reason"
          + " FreezeBudgetExceeded. The default, 100ms, is below the usual liveness-probe and"
          + " TCP retransmission timeouts. Between 1ms and 5s.")
  private String freezeBudget = FREEZE_BUDGET_DEFAULT;

  @Default("0")
  @Min(0)
  @JsonPropertyDescription(
      "Most bytes per second the agent writes to storage for this PreDump; 0 means unlimited.")
  private Long bandwidth = 0L;

  @Default(TIMEOUT_DEFAULT)
  @Pattern(DURATION)
  @Size(max = DURATION_MAX_LENGTH)
  @ValidationRule(value = TIMEOUT_RULE, message = TIMEOUT_RANGE)
  @JsonPropertyDescription(
      "Longest time the PreDump may run, from the operator accepting it to the last round, as a"
          + " duration (\"30m\"). When it passes the PreDump fails with reason TimedOut; rounds"
          + " already written stay usable. Between 10s and 24h.")
  private String timeout = TIMEOUT_DEFAULT;

  @Default("{}")
  @JsonPropertyDescription("What happens to the images when the PreDump is deleted or finishes.")
  private RetentionPolicy retention = new RetentionPolicy();

  /** Creates a spec with every default and no pod. */
  public PreDumpSpec() {}

  /** Name of the target pod. */
  public String getPodName() {
    return podName;
  }

  public void setPodName(String podName) {
    this.podName = podName;
  }

  /** UID the target pod must have, or null. */
  public String getPodUID() {
    return podUID;
  }

  public void setPodUID(String podUID) {
    this.podUID = podUID;
  }

  /** Names of the target containers; empty means all. Never null. */
  public List<String> getContainers() {
    return containers;
  }

  public void setContainers(List<String> containers) {
    this.containers = containers == null ? new ArrayList<>() : containers;
  }

  /** The stop rule. Never null after deserialization of a defaulted object. */
  public RoundPolicy getRounds() {
    return rounds;
  }

  public void setRounds(RoundPolicy rounds) {
    this.rounds = rounds;
  }

  /** How dirty pages are found. */
  public TrackingMode getTracking() {
    return tracking;
  }

  public void setTracking(TrackingMode tracking) {
    this.tracking = tracking;
  }

  /** Longest frozen window per round, as a duration string; see {@link Durations}. */
  public String getFreezeBudget() {
    return freezeBudget;
  }

  public void setFreezeBudget(String freezeBudget) {
    this.freezeBudget = freezeBudget;
  }

  /** Bytes per second, 0 for unlimited. */
  public Long getBandwidth() {
    return bandwidth;
  }

  public void setBandwidth(Long bandwidth) {
    this.bandwidth = bandwidth;
  }

  /** Longest run time, as a duration string; see {@link Durations}. */
  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  /** Image retention. */
  public RetentionPolicy getRetention() {
    return retention;
  }

  public void setRetention(RetentionPolicy retention) {
    this.retention = retention;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreDumpSpec s
        && Objects.equals(podName, s.podName)
        && Objects.equals(podUID, s.podUID)
        && Objects.equals(containers, s.containers)
        && Objects.equals(rounds, s.rounds)
        && tracking == s.tracking
        && Objects.equals(freezeBudget, s.freezeBudget)
        && Objects.equals(bandwidth, s.bandwidth)
        && Objects.equals(timeout, s.timeout)
        && Objects.equals(retention, s.retention);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        podName, podUID, containers, rounds, tracking, freezeBudget, bandwidth, timeout, retention);
  }

  @Override
  public String toString() {
    return "PreDumpSpec{podName="
        + podName
        + ", podUID="
        + podUID
        + ", containers="
        + containers
        + ", rounds="
        + rounds
        + ", tracking="
        + tracking
        + ", freezeBudget="
        + freezeBudget
        + ", bandwidth="
        + bandwidth
        + ", timeout="
        + timeout
        + ", retention="
        + retention
        + "}";
  }
}
