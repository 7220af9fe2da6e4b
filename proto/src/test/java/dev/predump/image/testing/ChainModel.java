package dev.predump.image.testing;

import dev.predump.image.PageLocation;
import dev.predump.image.PageRange;
import dev.predump.image.RoundSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/** What a chain built by {@link RandomChain} must read back as, round by round, page by page. */
public final class ChainModel {
  /** One page as restore must see it: its bytes and the round whose pages file holds them. */
  public record Page(byte[] data, int round) {}

  private final Path chainDir;
  private final List<RoundSummary> summaries = new ArrayList<>();
  private final Map<Integer, Map<Integer, NavigableMap<Long, Page>>> views = new TreeMap<>();

  ChainModel(Path chainDir) {
    this.chainDir = chainDir;
  }

  void addRound(RoundSummary summary, Map<Integer, NavigableMap<Long, Page>> view) {
    summaries.add(summary);
    Map<Integer, NavigableMap<Long, Page>> copy = new TreeMap<>();
    view.forEach(
        (pid, pages) -> copy.put(pid, Collections.unmodifiableNavigableMap(new TreeMap<>(pages))));
    views.put(summary.round(), Collections.unmodifiableMap(copy));
  }

  public Path chainDir() {
    return chainDir;
  }

  public Path roundDir(int round) {
    return chainDir.resolve(Integer.toString(round));
  }

  /** The committed rounds, oldest first. */
  public List<RoundSummary> rounds() {
    return Collections.unmodifiableList(summaries);
  }

  public int topRound() {
    return summaries.get(summaries.size() - 1).round();
  }

  /** Namespace pids written in {@code round}. */
  public Set<Integer> pids(int round) {
    return views.get(round).keySet();
  }

  public Set<Integer> pids() {
    return pids(topRound());
  }

  /** Every page of a process as of {@code round}, by address. */
  public NavigableMap<Long, Page> pages(int round, int nsPid) {
    return views.get(round).get(nsPid);
  }

  public NavigableMap<Long, Page> pages(int nsPid) {
    return pages(topRound(), nsPid);
  }

  /** The pagemap entries {@code round} must hold for a process: maximal runs, in order. */
  public List<PageRange> ranges(int round, int nsPid) {
    List<PageRange> ranges = new ArrayList<>();
    long start = -1;
    long count = 0;
    PageLocation location = null;
    for (Map.Entry<Long, Page> e : pages(round, nsPid).entrySet()) {
      PageLocation here =
          e.getValue().round() == round ? PageLocation.PRESENT : PageLocation.PARENT;
      if (location == here && start + count * 4096 == e.getKey()) {
        count++;
        continue;
      }
      if (location != null) {
        ranges.add(new PageRange(start, count, location));
      }
      start = e.getKey();
      count = 1;
      location = here;
    }
    if (location != null) {
      ranges.add(new PageRange(start, count, location));
    }
    return ranges;
  }

  /** Pages whose data {@code round} itself holds, all processes. */
  public long presentPages(int round) {
    return views.get(round).values().stream()
        .flatMap(pages -> pages.values().stream())
        .filter(page -> page.round() == round)
        .count();
  }
}
