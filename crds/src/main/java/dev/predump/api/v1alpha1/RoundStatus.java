package dev.predump.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * Figures of one completed round ({@code status.rounds[]}), written by the node agent. Named as in
 * CRIU's dump_stats_entry where it has them (times carry a {@code Micros} suffix; CRIU counts
 * microseconds too), so they compare with {@code crit show stats-dump}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "round",
  "tracker",
  "startTime",
  "completionTime",
  "freezingTimeMicros",
  "frozenTimeMicros",
  "memdumpTimeMicros",
  "memwriteTimeMicros",
  "pagesScanned",
  "pagesSkippedParent",
  "pagesWritten",
  "pagesDirty",
  "pagesVanished",
  "pagesUnreadable",
  "bytesWritten",
  "dirtyBytes",
  "throughputBytesPerSecond",
  "dirtyBytesPerSecond",
  "mappings",
  "processes",
  "processesExited"
})
public class RoundStatus {

  @Required
  @Min(1)
  @JsonPropertyDescription("Round number in the chain, 1 for the first (full) round.")
  private Integer round;

  @Required
  @JsonPropertyDescription(
      "Tracker that chose the pages of this round: Full (always round 1), SoftDirty or " + "Hash.")
  private DirtyTracker tracker;

  @Required
  @JsonPropertyDescription(
      "When the round started (the freeze was requested), RFC 3339 with fractional " + "seconds.")
  private String startTime;

  @JsonPropertyDescription(
      "When the round was complete and visible on storage, RFC 3339 with fractional " + "seconds.")
  private String completionTime;

  @Min(0)
  @JsonPropertyDescription(
      "CRIU's freezing_time, in microseconds: from asking the cgroups to freeze until "
          + "every target process was frozen.")
  private Long freezingTimeMicros;

  @Min(0)
  @JsonPropertyDescription(
      "CRIU's frozen_time, in microseconds: how long the containers stayed frozen in "
          + "this round, from frozen to thawed. Bounded by spec.freezeBudget.")
  private Long frozenTimeMicros;

  @Min(0)
  @JsonPropertyDescription(
      "CRIU's memdump_time, in microseconds: reading the memory maps and, with "
          + "SoftDirty, scanning and clearing the dirty bits, while frozen.")
  private Long memdumpTimeMicros;

  @Min(0)
  @JsonPropertyDescription(
      "CRIU's memwrite_time, in microseconds: copying the pages out of the running "
          + "processes and writing them to storage, after the thaw.")
  private Long memwriteTimeMicros;

  @Min(0)
  @JsonPropertyDescription(
      "CRIU's pages_scanned: pages of the private mappings examined in this round.")
  private Long pagesScanned;

  @Min(0)
  @JsonPropertyDescription(
      "CRIU's pages_skipped_parent: pages unchanged since the previous round, recorded "
          + "as in the parent instead of written.")
  private Long pagesSkippedParent;

  @Min(0)
  @JsonPropertyDescription("CRIU's pages_written: pages written to this round's pages images.")
  private Long pagesWritten;

  @Min(0)
  @JsonPropertyDescription(
      "Pages the tracker found written since the previous round (every present page in "
          + "a Full round).")
  private Long pagesDirty;

  @Min(0)
  @JsonPropertyDescription(
      "Dirty pages that were gone before they could be copied (the mapping shrank, "
          + "moved or its process exited); rightly left out.")
  private Long pagesVanished;

  @Min(0)
  @JsonPropertyDescription(
      "Pages that exist but could not be read; the round's manifest records why. A "
          + "final dump copies them.")
  private Long pagesUnreadable;

  @Min(0)
  @JsonPropertyDescription("Bytes of page data written to storage in this round.")
  private Long bytesWritten;

  @Min(0)
  @JsonPropertyDescription(
      "Bytes in this round's dirty set (pagesDirty times the page size): about what a "
          + "final dump would copy if taken now. Compared with spec.rounds.convergeBelow.")
  private Long dirtyBytes;

  @Min(0)
  @JsonPropertyDescription(
      "bytesWritten divided by the copy time (memwriteTimeMicros): the rate a final "
          + "dump can expect.")
  private Long throughputBytesPerSecond;

  @Min(0)
  @JsonPropertyDescription(
      "How fast the workload dirtied memory: dirtyBytes divided by the time since the "
          + "previous round's freeze.")
  private Long dirtyBytesPerSecond;

  @Min(0)
  @JsonPropertyDescription("Memory mappings (VMAs) of all target processes at the freeze.")
  private Integer mappings;

  @Min(0)
  @JsonPropertyDescription("Processes frozen and dumped in this round, over all target containers.")
  private Integer processes;

  @Min(0)
  @JsonPropertyDescription("Processes that exited during this round's copy.")
  private Integer processesExited;

  /** Creates an empty RoundStatus. */
  public RoundStatus() {}

  /** Round number, from 1. */
  public Integer getRound() {
    return round;
  }

  public void setRound(Integer round) {
    this.round = round;
  }

  /** Tracker of this round. */
  public DirtyTracker getTracker() {
    return tracker;
  }

  public void setTracker(DirtyTracker tracker) {
    this.tracker = tracker;
  }

  /** RFC 3339 start time. */
  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  /** RFC 3339 completion time. */
  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  /** CRIU freezing_time, µs. */
  public Long getFreezingTimeMicros() {
    return freezingTimeMicros;
  }

  public void setFreezingTimeMicros(Long freezingTimeMicros) {
    this.freezingTimeMicros = freezingTimeMicros;
  }

  /** CRIU frozen_time, µs. */
  public Long getFrozenTimeMicros() {
    return frozenTimeMicros;
  }

  public void setFrozenTimeMicros(Long frozenTimeMicros) {
    this.frozenTimeMicros = frozenTimeMicros;
  }

  /** CRIU memdump_time, µs. */
  public Long getMemdumpTimeMicros() {
    return memdumpTimeMicros;
  }

  public void setMemdumpTimeMicros(Long memdumpTimeMicros) {
    this.memdumpTimeMicros = memdumpTimeMicros;
  }

  /** CRIU memwrite_time, µs. */
  public Long getMemwriteTimeMicros() {
    return memwriteTimeMicros;
  }

  public void setMemwriteTimeMicros(Long memwriteTimeMicros) {
    this.memwriteTimeMicros = memwriteTimeMicros;
  }

  /** CRIU pages_scanned. */
  public Long getPagesScanned() {
    return pagesScanned;
  }

  public void setPagesScanned(Long pagesScanned) {
    this.pagesScanned = pagesScanned;
  }

  /** CRIU pages_skipped_parent. */
  public Long getPagesSkippedParent() {
    return pagesSkippedParent;
  }

  public void setPagesSkippedParent(Long pagesSkippedParent) {
    this.pagesSkippedParent = pagesSkippedParent;
  }

  /** CRIU pages_written. */
  public Long getPagesWritten() {
    return pagesWritten;
  }

  public void setPagesWritten(Long pagesWritten) {
    this.pagesWritten = pagesWritten;
  }

  /** Pages in the dirty set. */
  public Long getPagesDirty() {
    return pagesDirty;
  }

  public void setPagesDirty(Long pagesDirty) {
    this.pagesDirty = pagesDirty;
  }

  /** Pages that vanished during the copy. */
  public Long getPagesVanished() {
    return pagesVanished;
  }

  public void setPagesVanished(Long pagesVanished) {
    this.pagesVanished = pagesVanished;
  }

  /** Pages present but unreadable. */
  public Long getPagesUnreadable() {
    return pagesUnreadable;
  }

  public void setPagesUnreadable(Long pagesUnreadable) {
    this.pagesUnreadable = pagesUnreadable;
  }

  /** Page bytes written. */
  public Long getBytesWritten() {
    return bytesWritten;
  }

  public void setBytesWritten(Long bytesWritten) {
    this.bytesWritten = bytesWritten;
  }

  /** Bytes in the dirty set. */
  public Long getDirtyBytes() {
    return dirtyBytes;
  }

  public void setDirtyBytes(Long dirtyBytes) {
    this.dirtyBytes = dirtyBytes;
  }

  /** Copy rate, bytes per second. */
  public Long getThroughputBytesPerSecond() {
    return throughputBytesPerSecond;
  }

  public void setThroughputBytesPerSecond(Long throughputBytesPerSecond) {
    this.throughputBytesPerSecond = throughputBytesPerSecond;
  }

  /** Dirtying rate, bytes per second. */
  public Long getDirtyBytesPerSecond() {
    return dirtyBytesPerSecond;
  }

  public void setDirtyBytesPerSecond(Long dirtyBytesPerSecond) {
    this.dirtyBytesPerSecond = dirtyBytesPerSecond;
  }

  /** VMAs at the freeze. */
  public Integer getMappings() {
    return mappings;
  }

  public void setMappings(Integer mappings) {
    this.mappings = mappings;
  }

  /** Processes dumped. */
  public Integer getProcesses() {
    return processes;
  }

  public void setProcesses(Integer processes) {
    this.processes = processes;
  }

  /** Processes that exited mid-round. */
  public Integer getProcessesExited() {
    return processesExited;
  }

  public void setProcessesExited(Integer processesExited) {
    this.processesExited = processesExited;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoundStatus r
        && Objects.equals(round, r.round)
        && Objects.equals(tracker, r.tracker)
        && Objects.equals(startTime, r.startTime)
        && Objects.equals(completionTime, r.completionTime)
        && Objects.equals(freezingTimeMicros, r.freezingTimeMicros)
        && Objects.equals(frozenTimeMicros, r.frozenTimeMicros)
        && Objects.equals(memdumpTimeMicros, r.memdumpTimeMicros)
        && Objects.equals(memwriteTimeMicros, r.memwriteTimeMicros)
        && Objects.equals(pagesScanned, r.pagesScanned)
        && Objects.equals(pagesSkippedParent, r.pagesSkippedParent)
        && Objects.equals(pagesWritten, r.pagesWritten)
        && Objects.equals(pagesDirty, r.pagesDirty)
        && Objects.equals(pagesVanished, r.pagesVanished)
        && Objects.equals(pagesUnreadable, r.pagesUnreadable)
        && Objects.equals(bytesWritten, r.bytesWritten)
        && Objects.equals(dirtyBytes, r.dirtyBytes)
        && Objects.equals(throughputBytesPerSecond, r.throughputBytesPerSecond)
        && Objects.equals(dirtyBytesPerSecond, r.dirtyBytesPerSecond)
        && Objects.equals(mappings, r.mappings)
        && Objects.equals(processes, r.processes)
        && Objects.equals(processesExited, r.processesExited);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        round,
        tracker,
        startTime,
        completionTime,
        freezingTimeMicros,
        frozenTimeMicros,
        memdumpTimeMicros,
        memwriteTimeMicros,
        pagesScanned,
        pagesSkippedParent,
        pagesWritten,
        pagesDirty,
        pagesVanished,
        pagesUnreadable,
        bytesWritten,
        dirtyBytes,
        throughputBytesPerSecond,
        dirtyBytesPerSecond,
        mappings,
        processes,
        processesExited);
  }

  @Override
  public String toString() {
    return "RoundStatus{round="
        + round
        + ", tracker="
        + tracker
        + ", startTime="
        + startTime
        + ", completionTime="
        + completionTime
        + ", freezingTimeMicros="
        + freezingTimeMicros
        + ", frozenTimeMicros="
        + frozenTimeMicros
        + ", memdumpTimeMicros="
        + memdumpTimeMicros
        + ", memwriteTimeMicros="
        + memwriteTimeMicros
        + ", pagesScanned="
        + pagesScanned
        + ", pagesSkippedParent="
        + pagesSkippedParent
        + ", pagesWritten="
        + pagesWritten
        + ", pagesDirty="
        + pagesDirty
        + ", pagesVanished="
        + pagesVanished
        + ", pagesUnreadable="
        + pagesUnreadable
        + ", bytesWritten="
        + bytesWritten
        + ", dirtyBytes="
        + dirtyBytes
        + ", throughputBytesPerSecond="
        + throughputBytesPerSecond
        + ", dirtyBytesPerSecond="
        + dirtyBytesPerSecond
        + ", mappings="
        + mappings
        + ", processes="
        + processes
        + ", processesExited="
        + processesExited
        + "}";
  }
}
