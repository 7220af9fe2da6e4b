package dev.predump.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Progress and outcome of a PreDump. Two writers share it, each owning disjoint fields (see {@link
 * StatusWriter}): the operator owns phase, conditions, observedGeneration, nodeName, podUID,
 * containers, the estimates, startTime, completionTime and message; the node agent owns
 * agentHeartbeatTime, imagePath, latestRound, latestRoundDirtyBytes, rounds and agentOutcome. Each
 * writer patches only its own fields, so neither erases the other's newer values.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "phase",
  "conditions",
  "observedGeneration",
  "nodeName",
  "podUID",
  "containers",
  "estimatedFinalDumpBytes",
  "estimatedFinalDumpMillis",
  "startTime",
  "completionTime",
  "message",
  "agentHeartbeatTime",
  "imagePath",
  "latestRound",
  "latestRoundDirtyBytes",
  "rounds",
  "agentOutcome"
})
public class PreDumpStatus {

  @JsonPropertyDescription(
      "Where the PreDump is: Pending (resolving, waiting for an agent or a slot), "
          + "Running (rounds run), Succeeded (the stop rule ended the rounds; the latest "
          + "round is a usable parent for a final dump) or Failed (see the Ready condition). "
          + "Written by the operator.")
  private PreDumpPhase phase;

  @JsonPropertyDescription(
      "Ready, Converged and Progressing, each with a reason and message. Written by the "
          + "operator.")
  private List<Condition> conditions = new ArrayList<>();

  @Min(0)
  @JsonPropertyDescription(
      "metadata.generation of the spec the operator last acted on. Written by the " + "operator.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Node the pod runs on, whose agent runs the rounds. Also the value of the "
          + "predump.dev/node label. Written by the operator.")
  private String nodeName;

  @JsonPropertyDescription(
      "UID of the pod found at start; a pod with another UID later means PodReplaced. "
          + "Written by the operator.")
  private String podUID;

  @JsonPropertyDescription(
      "The containers to pre-copy, resolved from spec.containers and the pod: name and "
          + "runtime container ID. Written by the operator.")
  private List<TargetContainer> containers = new ArrayList<>();

  @Min(0)
  @JsonPropertyDescription(
      "Bytes a final dump would copy if taken now, from the latest round's dirty set "
          + "and dirty rate. Written by the operator.")
  private Long estimatedFinalDumpBytes;

  @Min(0)
  @JsonPropertyDescription(
      "Milliseconds a final dump would take if taken now: estimatedFinalDumpBytes at "
          + "the latest round's throughput. Written by the operator.")
  private Long estimatedFinalDumpMillis;

  @JsonPropertyDescription("When the PreDump started Running, RFC 3339. Written by the operator.")
  private String startTime;

  @JsonPropertyDescription(
      "When the PreDump reached Succeeded or Failed, RFC 3339. Written by the operator.")
  private String completionTime;

  @JsonPropertyDescription(
      "One line on the current state or the failure, for humans. Written by the " + "operator.")
  private String message;

  @JsonPropertyDescription(
      "Last time the node agent reported this PreDump alive, RFC 3339; renewed at least "
          + "every few seconds while it runs. The operator fails the PreDump with AgentLost "
          + "when it gets too old. Written by the node agent.")
  private String agentHeartbeatTime;

  @JsonPropertyDescription(
      "Directory of the image chain on the agent's storage (<root>/<namespace>/<name>). "
          + "Each container's rounds are <imagePath>/<container>/<round>/, CRIU image "
          + "directories chained by parent links, and <imagePath>/<container>/latest points "
          + "at the newest complete one: pass it to criu dump --prev-images-dir or runc "
          + "checkpoint --parent-path. Written by the node agent.")
  private String imagePath;

  @Min(0)
  @JsonPropertyDescription(
      "Number of the newest complete round (rounds done); 0 or unset before the first. "
          + "Written by the node agent.")
  private Integer latestRound;

  @Min(0)
  @JsonPropertyDescription("dirtyBytes of the newest complete round. Written by the node agent.")
  private Long latestRoundDirtyBytes;

  @JsonPropertyDescription(
      "Figures of every complete round, oldest first. Written by the node agent.")
  private List<RoundStatus> rounds = new ArrayList<>();

  @JsonPropertyDescription(
      "How the rounds ended, set once when the agent stops them; the operator turns it "
          + "into phase and conditions. Written by the node agent.")
  private AgentOutcome agentOutcome;

  /** Creates an empty PreDumpStatus. */
  public PreDumpStatus() {}

  /** Phase. Operator. */
  public PreDumpPhase getPhase() {
    return phase;
  }

  public void setPhase(PreDumpPhase phase) {
    this.phase = phase;
  }

  /** Conditions; never null. Operator. */
  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  /** Generation last acted on. Operator. */
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /** Node of the pod. Operator. */
  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }

  /** UID of the target pod. Operator. */
  public String getPodUID() {
    return podUID;
  }

  public void setPodUID(String podUID) {
    this.podUID = podUID;
  }

  /** Resolved containers; never null. Operator. */
  public List<TargetContainer> getContainers() {
    return containers;
  }

  public void setContainers(List<TargetContainer> containers) {
    this.containers = containers == null ? new ArrayList<>() : containers;
  }

  /** Estimated final dump size. Operator. */
  public Long getEstimatedFinalDumpBytes() {
    return estimatedFinalDumpBytes;
  }

  public void setEstimatedFinalDumpBytes(Long estimatedFinalDumpBytes) {
    this.estimatedFinalDumpBytes = estimatedFinalDumpBytes;
  }

  /** Estimated final dump time. Operator. */
  public Long getEstimatedFinalDumpMillis() {
    return estimatedFinalDumpMillis;
  }

  public void setEstimatedFinalDumpMillis(Long estimatedFinalDumpMillis) {
    this.estimatedFinalDumpMillis = estimatedFinalDumpMillis;
  }

  /** RFC 3339 start. Operator. */
  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  /** RFC 3339 end. Operator. */
  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  /** Human-readable summary. Operator. */
  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  /** Agent heartbeat. Agent. */
  public String getAgentHeartbeatTime() {
    return agentHeartbeatTime;
  }

  public void setAgentHeartbeatTime(String agentHeartbeatTime) {
    this.agentHeartbeatTime = agentHeartbeatTime;
  }

  /** Image chain directory. Agent. */
  public String getImagePath() {
    return imagePath;
  }

  public void setImagePath(String imagePath) {
    this.imagePath = imagePath;
  }

  /** Newest complete round. Agent. */
  public Integer getLatestRound() {
    return latestRound;
  }

  public void setLatestRound(Integer latestRound) {
    this.latestRound = latestRound;
  }

  /** Dirty bytes of the newest round. Agent. */
  public Long getLatestRoundDirtyBytes() {
    return latestRoundDirtyBytes;
  }

  public void setLatestRoundDirtyBytes(Long latestRoundDirtyBytes) {
    this.latestRoundDirtyBytes = latestRoundDirtyBytes;
  }

  /** Per-round figures; never null. Agent. */
  public List<RoundStatus> getRounds() {
    return rounds;
  }

  public void setRounds(List<RoundStatus> rounds) {
    this.rounds = rounds == null ? new ArrayList<>() : rounds;
  }

  /** Outcome of the rounds. Agent. */
  public AgentOutcome getAgentOutcome() {
    return agentOutcome;
  }

  public void setAgentOutcome(AgentOutcome agentOutcome) {
    this.agentOutcome = agentOutcome;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreDumpStatus p
        && Objects.equals(phase, p.phase)
        && Objects.equals(conditions, p.conditions)
        && Objects.equals(observedGeneration, p.observedGeneration)
        && Objects.equals(nodeName, p.nodeName)
        && Objects.equals(podUID, p.podUID)
        && Objects.equals(containers, p.containers)
        && Objects.equals(estimatedFinalDumpBytes, p.estimatedFinalDumpBytes)
        && Objects.equals(estimatedFinalDumpMillis, p.estimatedFinalDumpMillis)
        && Objects.equals(startTime, p.startTime)
        && Objects.equals(completionTime, p.completionTime)
        && Objects.equals(message, p.message)
        && Objects.equals(agentHeartbeatTime, p.agentHeartbeatTime)
        && Objects.equals(imagePath, p.imagePath)
        && Objects.equals(latestRound, p.latestRound)
        && Objects.equals(latestRoundDirtyBytes, p.latestRoundDirtyBytes)
        && Objects.equals(rounds, p.rounds)
        && Objects.equals(agentOutcome, p.agentOutcome);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        phase,
        conditions,
        observedGeneration,
        nodeName,
        podUID,
        containers,
        estimatedFinalDumpBytes,
        estimatedFinalDumpMillis,
        startTime,
        completionTime,
        message,
        agentHeartbeatTime,
        imagePath,
        latestRound,
        latestRoundDirtyBytes,
        rounds,
        agentOutcome);
  }

  @Override
  public String toString() {
    return "PreDumpStatus{phase="
        + phase
        + ", conditions="
        + conditions
        + ", observedGeneration="
        + observedGeneration
        + ", nodeName="
        + nodeName
        + ", podUID="
        + podUID
        + ", containers="
        + containers
        + ", estimatedFinalDumpBytes="
        + estimatedFinalDumpBytes
        + ", estimatedFinalDumpMillis="
        + estimatedFinalDumpMillis
        + ", startTime="
        + startTime
        + ", completionTime="
        + completionTime
        + ", message="
        + message
        + ", agentHeartbeatTime="
        + agentHeartbeatTime
        + ", imagePath="
        + imagePath
        + ", latestRound="
        + latestRound
        + ", latestRoundDirtyBytes="
        + latestRoundDirtyBytes
        + ", rounds="
        + rounds
        + ", agentOutcome="
        + agentOutcome
        + "}";
  }
}
