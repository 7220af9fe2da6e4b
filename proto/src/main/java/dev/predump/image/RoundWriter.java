package dev.predump.image;

import dev.predump.image.proto.FileChecksum;
import dev.predump.image.proto.ProcessImage;
import dev.predump.image.proto.RoundManifest;
import dev.predump.image.proto.RoundStatsRecord;
import dev.predump.image.proto.StatsEntry;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one round into a chain directory, atomically: everything goes into a temporary directory
 * ({@code .<round>.partial-<random>}) that is renamed to {@code <round>} only by {@link #commit},
 * after every file and directory was fsynced. Closing without a commit removes the temporary
 * directory, so a failed round leaves the earlier ones untouched and nothing half-written.
 */
public final class RoundWriter implements Closeable {
  private enum State {
    OPEN,
    SPOILED,
    COMMITTED,
    CLOSED
  }

  private final Path chainDir;
  private final Path tempDir;
  private final Path roundDir;
  private final RoundInfo info;
  private final Map<Integer, ProcessWriter> open = new LinkedHashMap<>();
  private final List<ProcessImage> processes = new ArrayList<>();
  private final List<FileChecksum> files = new ArrayList<>();
  private final AtomicLong writeNanos = new AtomicLong();
  private final AtomicLong pagesPresent = new AtomicLong();
  private final AtomicLong pagesParent = new AtomicLong();
  private int nextPagesId = 1;
  private State state = State.OPEN;
  private final boolean tryDirect;
  private String spoiledBecause;

  private RoundWriter(Path chainDir, Path tempDir, RoundInfo info, boolean tryDirect) {
    this.chainDir = chainDir;
    this.tempDir = tempDir;
    this.roundDir = chainDir.resolve(ImageLayout.roundName(info.round()));
    this.info = info;
    this.tryDirect = tryDirect;
  }

  /**
   * Starts round {@code info.round()} in {@code chainDir}, creating the chain dir (mode 0700) if
   * needed.
   *
   * @throws IllegalStateException when the round already exists, or the parent round is missing or
   *     incomplete
   */
  public static RoundWriter begin(Path chainDir, RoundInfo info) throws IOException {
    return begin(chainDir, info, WriteMode.BUFFERED);
  }

  /**
   * Starts round {@code info.round()} in {@code chainDir} writing page data in {@code mode}; see
   * {@link #begin(Path, RoundInfo)}.
   */
  public static RoundWriter begin(Path chainDir, RoundInfo info, WriteMode mode)
      throws IOException {
    ChainDirectory.createPrivateDirectories(chainDir);
    Path roundDir = chainDir.resolve(ImageLayout.roundName(info.round()));
    if (Files.exists(roundDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException(
          "Round "
              + info.round()
              + " already exists: "
              + roundDir
              + "; rounds are never rewritten");
    }
    if (info.parentRound().isPresent()) {
      checkParent(chainDir, info);
    }
    Path tempDir =
        chainDir.resolve(ImageLayout.partialRoundName(info.round(), ChainDirectory.randomSuffix()));
    ChainDirectory.createPrivateDirectory(tempDir);
    boolean tryDirect = mode == WriteMode.DIRECT && PagesFile.directPossible(tempDir);
    RoundWriter writer = new RoundWriter(chainDir, tempDir, info, tryDirect);
    if (info.parentRound().isPresent()) {
      try {
        // Relative, so that the chain can be moved or mounted elsewhere as a whole.
        Files.createSymbolicLink(
            tempDir.resolve(ImageLayout.PARENT),
            Path.of(ImageLayout.parentLinkTarget(info.parentRound().getAsInt())));
      } catch (IOException | RuntimeException e) {
        writer.close();
        throw e;
      }
    }
    return writer;
  }

  private static void checkParent(Path chainDir, RoundInfo info) throws IOException {
    int parent = info.parentRound().getAsInt();
    Path parentDir = chainDir.resolve(ImageLayout.roundName(parent));
    if (!Files.isDirectory(parentDir)) {
      throw new IllegalStateException(
          "Round "
              + info.round()
              + " needs parent round "
              + parent
              + ", but "
              + parentDir
              + " does not exist");
    }
    Path manifestFile = parentDir.resolve(ImageLayout.MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new IllegalStateException(
          "Round "
              + info.round()
              + " needs parent round "
              + parent
              + ", but "
              + parentDir
              + " is incomplete (no manifest)");
    }
    RoundManifest manifest = Manifests.read(manifestFile);
    if (manifest.getRound() != parent) {
      throw new IllegalStateException(
          "Parent " + parentDir + " says it is round " + manifest.getRound() + ", not " + parent);
    }
  }

  /**
   * Deletes the temporary round dirs that writers which never finished left in {@code chainDir} (a
   * crash, a kill). Call it only while no writer works in this chain, e.g. at agent start.
   *
   * @return the paths removed
   */
  public static List<Path> removeUnfinished(Path chainDir) throws IOException {
    return ChainDirectory.removeUnfinished(chainDir);
  }

  /**
   * Starts the pagemap and pages file of one process. Several processes may be open at once.
   *
   * @throws IllegalArgumentException when the ns pid was already written in this round
   */
  public synchronized ProcessWriter beginProcess(ProcessInfo process) throws IOException {
    checkWritable();
    boolean duplicate =
        open.containsKey(process.nsPid())
            || processes.stream().anyMatch(p -> p.getNsPid() == process.nsPid());
    if (duplicate) {
      throw new IllegalArgumentException(
          "Round " + info.round() + ": " + process.label() + " was already written");
    }
    ProcessWriter writer;
    try {
      writer = new ProcessWriter(this, tempDir, process, nextPagesId, tryDirect);
    } catch (IOException | RuntimeException e) {
      spoil(process.label() + ": cannot create its image files", e);
      throw e;
    }
    nextPagesId++;
    open.put(process.nsPid(), writer);
    return writer;
  }

  /** Nanoseconds spent writing page data so far, for the stats' memwrite_time. */
  public long writeNanos() {
    return writeNanos.get();
  }

  /** Pages written with data so far, all processes. */
  public long pagesPresent() {
    return pagesPresent.get();
  }

  /** Pages left in the parent so far, all processes. */
  public long pagesParent() {
    return pagesParent.get();
  }

  public RoundInfo info() {
    return info;
  }

  /** The temporary directory the round is written into until the commit. */
  public Path temporaryDir() {
    return tempDir;
  }

  /**
   * Finishes the round: writes inventory.img, stats-dump and manifest, fsyncs, renames the round
   * into place and points {@code latest} at it. {@code pages_written} and {@code
   * pages_skipped_parent} of {@code stats} are replaced by the counts of this writer.
   *
   * <p>A failure before the rename leaves the round uncommitted (close then removes it); a failure
   * after it (updating {@code latest}) leaves the round complete and in place, with {@code latest}
   * still naming the previous round.
   *
   * @throws IllegalStateException when a process is still open or an earlier write failed
   */
  public synchronized RoundSummary commit(RoundStatsRecord stats) throws IOException {
    checkWritable();
    if (!open.isEmpty()) {
      throw new IllegalStateException(
          "Round "
              + info.round()
              + ": close the processes first, still open: ns pids "
              + open.keySet());
    }
    try {
      RoundStatsRecord finalStats =
          stats.toBuilder()
              .setPagesWritten(pagesPresent.get())
              .setPagesSkippedParent(pagesParent.get())
              .build();
      files.add(
          RoundRecords.write(
              tempDir,
              ImageLayout.INVENTORY,
              ImageMagic.INVENTORY,
              RoundRecords.inventory(info.dumpUptimeMicros())));
      files.add(
          RoundRecords.write(
              tempDir,
              ImageLayout.STATS,
              ImageMagic.STATS,
              StatsEntry.newBuilder().setDump(RoundRecords.dumpStats(finalStats)).build()));
      RoundManifest manifest =
          RoundRecords.manifest(info, processes, files, finalStats, System.currentTimeMillis());
      RoundRecords.write(tempDir, ImageLayout.MANIFEST, ImageMagic.MANIFEST, manifest);
      ChainDirectory.fsyncDirectory(tempDir);
      if (Files.exists(roundDir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalStateException(
            "Round " + info.round() + " appeared while it was written: " + roundDir);
      }
      Files.move(tempDir, roundDir, StandardCopyOption.ATOMIC_MOVE);
      state = State.COMMITTED;
      ChainDirectory.fsyncDirectory(chainDir);
      ChainDirectory.pointLatest(chainDir, info.round());
      return new RoundSummary(
          roundDir, manifest, pagesPresent.get(), pagesParent.get(), writeNanos.get());
    } catch (IOException | RuntimeException e) {
      if (state != State.COMMITTED) {
        spoil("Round " + info.round() + ": commit failed", e);
      }
      throw e;
    }
  }

  /** Aborts the round unless it was committed: deletes the temporary directory. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (state == State.COMMITTED || state == State.CLOSED) {
      state = State.CLOSED;
      return;
    }
    state = State.CLOSED;
    for (ProcessWriter writer : open.values()) {
      writer.abandon();
    }
    open.clear();
    ChainDirectory.deleteTree(tempDir);
  }

  boolean hasParent() {
    return info.parentRound().isPresent();
  }

  synchronized void checkWritable() {
    switch (state) {
      case OPEN -> {}
      case SPOILED ->
          throw new IllegalStateException(
              "Round " + info.round() + " can no longer be written: " + spoiledBecause);
      case COMMITTED ->
          throw new IllegalStateException("Round " + info.round() + " is already committed");
      case CLOSED -> throw new IllegalStateException("Round " + info.round() + " is closed");
    }
  }

  /** Marks the round as unusable after a failed write. */
  synchronized void spoil(String why, Exception cause) {
    if (state == State.OPEN) {
      state = State.SPOILED;
      spoiledBecause = why + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }
  }

  synchronized void processClosed(ProcessWriter writer) {
    open.remove(writer.info().nsPid());
    processes.add(writer.image());
    files.add(writer.pagemapChecksum());
    files.add(writer.pagesChecksum());
  }

  void addWriteNanos(long nanos) {
    writeNanos.addAndGet(nanos);
  }

  void countPages(PageLocation location, long nrPages) {
    (location == PageLocation.PRESENT ? pagesPresent : pagesParent).addAndGet(nrPages);
  }
}
