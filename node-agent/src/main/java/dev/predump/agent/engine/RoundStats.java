package dev.predump.agent.engine;

import dev.predump.image.proto.RoundStatsRecord;
import java.time.Instant;

/**
 * The figures of one completed round. Names follow CRIU's {@code dump_stats_entry} where it has
 * them, so they can be compared with {@code crit show stats-dump}; times in microseconds.
 *
 * @param freezingTime from the stop request until every process was stopped
 * @param frozenTime from the stop request until the target ran again: what the workload felt
 * @param memdumpTime the copy phase after the thaw
 * @param memwriteTime time spent writing image data, within memdumpTime
 * @param pagesScanned present or swapped pages considered
 * @param pagesSkippedParent pages referenced in the parent round instead of written
 * @param pagesWritten pages written to this round's pages files
 * @param dirtyBytesPerSecond bytes this round found changed per second since the previous round
 *     stopped the target; -1 when unknown: no earlier stop in this run to measure from (round 1, or
 *     the first round after a resume)
 */
public record RoundStats(
    int round,
    Tracking tracking,
    Instant startTime,
    long freezingTime,
    long frozenTime,
    long memdumpTime,
    long memwriteTime,
    long pagesScanned,
    long pagesSkippedParent,
    long pagesWritten,
    long pagesVanished,
    long pagesUnreadable,
    long pagesViaProcMem,
    long bytesWritten,
    int mappings,
    int processes,
    int processesExited,
    long dirtyBytesPerSecond) {

  /** The same figures with the dirty rate filled in. */
  public RoundStats withDirtyBytesPerSecond(long rate) {
    return new RoundStats(
        round,
        tracking,
        startTime,
        freezingTime,
        frozenTime,
        memdumpTime,
        memwriteTime,
        pagesScanned,
        pagesSkippedParent,
        pagesWritten,
        pagesVanished,
        pagesUnreadable,
        pagesViaProcMem,
        bytesWritten,
        mappings,
        processes,
        processesExited,
        rate);
  }

  /** Bytes this round wrote: in rounds after the first, what changed since the previous one. */
  public long dirtyBytes() {
    return pagesWritten * PageLedger.PAGE;
  }

  /** Copy throughput of the round, bytes per second of memdump time. */
  public long throughputBytesPerSecond() {
    return memdumpTime == 0 ? 0 : bytesWritten * 1_000_000L / memdumpTime;
  }

  /** The record stored in the round's manifest. */
  public RoundStatsRecord toRecord() {
    return RoundStatsRecord.newBuilder()
        .setFreezingTime(freezingTime)
        .setFrozenTime(frozenTime)
        .setMemdumpTime(memdumpTime)
        .setMemwriteTime(memwriteTime)
        .setPagesScanned(pagesScanned)
        .setPagesSkippedParent(pagesSkippedParent)
        .setPagesWritten(pagesWritten)
        .setPagesDirty(pagesWritten)
        .setPagesVanished(pagesVanished)
        .setPagesUnreadable(pagesUnreadable)
        .setBytesWritten(bytesWritten)
        .setMappings(mappings)
        .setProcesses(processes)
        .setProcessesExited(processesExited)
        .setPagesReadViaProcMem(pagesViaProcMem)
        .build();
  }
}
