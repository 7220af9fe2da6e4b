package dev.predump.image.testing;

import dev.predump.image.ProcessInfo;
import dev.predump.image.ProcessWriter;
import dev.predump.image.RoundInfo;
import dev.predump.image.RoundSummary;
import dev.predump.image.RoundWriter;
import dev.predump.image.WriteMode;
import dev.predump.image.proto.RoundStatsRecord;
import dev.predump.image.proto.SourceIdentity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes chains of random rounds through {@link RoundWriter}, reproducibly from a seed, and returns
 * the {@link ChainModel} they must read back as. Later rounds dirty, drop and add pages, and
 * processes come and go, so every round mixes PE_PRESENT and PE_PARENT entries.
 */
public final class RandomChain {
  private static final int PAGE = 4096;
  private static final long BASE = 0x7f00_0000_0000L;

  private final long seed;
  private int levels = 3;
  private int processes = 2;
  private int maxRegions = 4;
  private int maxPagesPerRegion = 24;
  private int dirtyPercent = 30;
  private WriteMode writeMode = WriteMode.BUFFERED;

  private RandomChain(long seed) {
    this.seed = seed;
  }

  /** A builder of chains drawn from {@code seed}: the same seed gives the same chain. */
  public static RandomChain seed(long seed) {
    return new RandomChain(seed);
  }

  /** Number of rounds, 1 or more (default 3). */
  public RandomChain levels(int levels) {
    this.levels = levels;
    return this;
  }

  /** Processes in the first round (default 2); later rounds may lose or gain one. */
  public RandomChain processes(int processes) {
    this.processes = processes;
    return this;
  }

  /** Mapped regions per new process (default up to 4). */
  public RandomChain maxRegions(int maxRegions) {
    this.maxRegions = maxRegions;
    return this;
  }

  /** Pages per region (default up to 24). */
  public RandomChain maxPagesPerRegion(int maxPagesPerRegion) {
    this.maxPagesPerRegion = maxPagesPerRegion;
    return this;
  }

  /** Share of pages written again in each later round (default 30). */
  public RandomChain dirtyPercent(int dirtyPercent) {
    this.dirtyPercent = dirtyPercent;
    return this;
  }

  /** How page data is written (default buffered). */
  public RandomChain writeMode(WriteMode writeMode) {
    this.writeMode = writeMode;
    return this;
  }

  /** Writes rounds 1..levels into {@code chainDir} and returns what they hold. */
  public ChainModel build(Path chainDir) throws IOException {
    Random random = new Random(seed);
    ChainModel model = new ChainModel(chainDir);
    Map<Integer, NavigableMap<Long, ChainModel.Page>> memory = new TreeMap<>();
    int nextPid = 1;
    for (; nextPid <= processes; nextPid++) {
      memory.put(nextPid, new TreeMap<>());
    }
    for (int round = 1; round <= levels; round++) {
      if (round > 1) {
        if (memory.size() > 1 && random.nextInt(100) < 15) {
          List<Integer> pids = new ArrayList<>(memory.keySet());
          memory.remove(pids.get(random.nextInt(pids.size())));
        }
        if (random.nextInt(100) < 25) {
          memory.put(nextPid++, new TreeMap<>());
        }
      }
      for (Map.Entry<Integer, NavigableMap<Long, ChainModel.Page>> e : memory.entrySet()) {
        evolve(random, e.getKey(), e.getValue(), round);
      }
      model.addRound(writeRound(random, chainDir, round, memory), memory);
    }
    return model;
  }

  private void evolve(
      Random random, int pid, NavigableMap<Long, ChainModel.Page> pages, int round) {
    if (pages.isEmpty()) {
      long address = BASE + (long) pid * 0x1000_0000L;
      int regions = 1 + random.nextInt(maxRegions);
      for (int r = 0; r < regions; r++) {
        address = addRegion(random, pages, address, round);
      }
      return;
    }
    Iterator<Map.Entry<Long, ChainModel.Page>> it = pages.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, ChainModel.Page> page = it.next();
      int roll = random.nextInt(100);
      if (roll < 4) {
        it.remove();
      } else if (roll < 4 + dirtyPercent) {
        page.setValue(new ChainModel.Page(randomPage(random), round));
      }
    }
    if (random.nextInt(100) < 30) {
      long after = pages.isEmpty() ? BASE + (long) pid * 0x1000_0000L : pages.lastKey() + PAGE;
      addRegion(random, pages, after, round);
    }
  }

  /** Adds a region after a gap of 0 to 16 pages; returns the first address after it. */
  private long addRegion(
      Random random, NavigableMap<Long, ChainModel.Page> pages, long after, int round) {
    long start = after + (long) random.nextInt(17) * PAGE;
    int length = 1 + random.nextInt(maxPagesPerRegion);
    for (int i = 0; i < length; i++) {
      pages.put(start + (long) i * PAGE, new ChainModel.Page(randomPage(random), round));
    }
    return start + (long) length * PAGE;
  }

  private RoundSummary writeRound(
      Random random,
      Path chainDir,
      int round,
      Map<Integer, NavigableMap<Long, ChainModel.Page>> memory)
      throws IOException {
    SourceIdentity source =
        SourceIdentity.newBuilder()
            .setContainerName("random")
            .setPredumpName("seed-" + seed)
            .build();
    long uptime = 1_000_000L * round + random.nextInt(1000);
    RoundInfo info =
        round == 1
            ? RoundInfo.standalone(round, "full", uptime, source)
            : RoundInfo.withParent(round, round - 1, "hash", uptime, source);
    try (RoundWriter writer = RoundWriter.begin(chainDir, info, writeMode)) {
      for (Map.Entry<Integer, NavigableMap<Long, ChainModel.Page>> e : memory.entrySet()) {
        int pid = e.getKey();
        try (ProcessWriter process =
            writer.beginProcess(new ProcessInfo(1000 + pid, pid, 100L * pid, "proc-" + pid))) {
          writeProcess(random, process, e.getValue(), round);
        }
      }
      return writer.commit(
          RoundStatsRecord.newBuilder()
              .setFreezingTime(random.nextInt(100))
              .setFrozenTime(random.nextInt(1000))
              .setMemdumpTime(random.nextInt(100000))
              .setMemwriteTime(writer.writeNanos() / 1000)
              .setPagesScanned(memory.values().stream().mapToLong(Map::size).sum())
              .build());
    }
  }

  /** Emits runs of same-kind contiguous pages, present runs cut into random pieces. */
  private static void writeProcess(
      Random random, ProcessWriter process, NavigableMap<Long, ChainModel.Page> pages, int round)
      throws IOException {
    List<Map.Entry<Long, ChainModel.Page>> run = new ArrayList<>();
    for (Map.Entry<Long, ChainModel.Page> page : pages.entrySet()) {
      if (!run.isEmpty()) {
        Map.Entry<Long, ChainModel.Page> last = run.get(run.size() - 1);
        boolean sameKind = (last.getValue().round() == round) == (page.getValue().round() == round);
        if (!sameKind || last.getKey() + PAGE != page.getKey()) {
          emit(random, process, run, round);
          run.clear();
        }
      }
      run.add(page);
    }
    if (!run.isEmpty()) {
      emit(random, process, run, round);
    }
  }

  private static void emit(
      Random random, ProcessWriter process, List<Map.Entry<Long, ChainModel.Page>> run, int round)
      throws IOException {
    long start = run.get(0).getKey();
    if (run.get(0).getValue().round() != round) {
      process.parent(start, run.size());
      return;
    }
    int at = 0;
    while (at < run.size()) {
      int piece = 1 + random.nextInt(run.size() - at);
      byte[] bytes = new byte[piece * PAGE];
      for (int i = 0; i < piece; i++) {
        System.arraycopy(run.get(at + i).getValue().data(), 0, bytes, i * PAGE, PAGE);
      }
      long vaddr = start + (long) at * PAGE;
      switch (random.nextInt(4)) {
        case 0 -> process.present(vaddr, ByteBuffer.wrap(bytes));
        case 1 -> {
          // malloc'd: rarely page-aligned, so O_DIRECT writers must stage it.
          ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
          direct.put(bytes).flip();
          process.present(vaddr, direct);
        }
        case 2 -> {
          ByteBuffer aligned = ByteBuffer.allocateDirect(bytes.length + PAGE).alignedSlice(PAGE);
          aligned.put(bytes).flip();
          process.present(vaddr, aligned);
        }
        default ->
            process.present(vaddr, piece, Channels.newChannel(new ByteArrayInputStream(bytes)));
      }
      at += piece;
    }
  }

  private static byte[] randomPage(Random random) {
    byte[] page = new byte[PAGE];
    random.nextBytes(page);
    return page;
  }
}
