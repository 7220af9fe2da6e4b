package dev.predump.image;

import dev.predump.image.VerificationReport.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a chain the way CRIU will use it, and predump's checksums on top: every level on its own,
 * then that every {@code PE_PARENT} range is covered by the level below.
 */
public final class ChainVerifier {
  private ChainVerifier() {}

  /**
   * Verifies the chain ending in {@code dir} (a round dir, or a chain dir with a {@code latest}
   * link). Never throws for a bad chain: every problem goes into the report.
   */
  public static VerificationReport verify(Path dir) {
    List<Problem> problems = new ArrayList<>();
    List<Path> levelDirs = new ArrayList<>();
    Path top;
    try {
      top = ChainLinks.topRound(dir);
    } catch (ImageFormatException e) {
      problems.add(new Problem(e.file(), e.offset(), e.problem()));
      return new VerificationReport(dir, levelDirs, problems);
    } catch (IOException e) {
      problems.add(new Problem(dir, -1, "cannot read: " + e));
      return new VerificationReport(dir, levelDirs, problems);
    }
    List<RoundVerifier.Level> levels = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    Optional<Path> next = Optional.of(top);
    while (next.isPresent()) {
      Path roundDir = next.get();
      if (!seen.add(realPath(roundDir))) {
        problems.add(new Problem(roundDir, -1, "parent links form a loop"));
        break;
      }
      levelDirs.add(roundDir);
      RoundVerifier.Level level = RoundVerifier.verify(roundDir, problems);
      levels.add(level);
      next = level.parent();
    }
    for (int i = 0; i < levels.size(); i++) {
      checkCoverage(levels.get(i), i + 1 < levels.size() ? levels.get(i + 1) : null, problems);
    }
    return new VerificationReport(dir, levelDirs, problems);
  }

  private static void checkCoverage(
      RoundVerifier.Level level, RoundVerifier.Level parent, List<Problem> problems) {
    for (Map.Entry<Integer, PagemapCheck.Result> e : level.pagemaps().entrySet()) {
      int pid = e.getKey();
      PagemapCheck.Result pagemap = e.getValue();
      PagemapCheck.Result below = parent == null ? null : parent.pagemaps().get(pid);
      Coverage coverage = below == null ? null : Coverage.of(below.entries());
      for (PagemapCheck.Entry entry : pagemap.entries()) {
        PageRange range = entry.range();
        if (range.location() != PageLocation.PARENT) {
          continue;
        }
        String what = "PE_PARENT range " + hexRange(range) + " of ns pid " + pid;
        if (parent == null) {
          problems.add(
              new Problem(
                  pagemap.file(), entry.offset(), what + ", but no parent round to hold it"));
        } else if (below == null) {
          problems.add(
              new Problem(
                  pagemap.file(),
                  entry.offset(),
                  what + ", but " + parent.dir() + " has no pagemap of that pid"));
        } else {
          long missing = coverage.firstUncovered(range.vaddr(), range.end());
          if (missing >= 0) {
            problems.add(
                new Problem(
                    pagemap.file(),
                    entry.offset(),
                    what
                        + " is not covered by "
                        + below.file()
                        + ": page 0x"
                        + Long.toHexString(missing)
                        + " is missing there"));
          }
        }
      }
    }
  }

  private static String hexRange(PageRange range) {
    return "0x" + Long.toHexString(range.vaddr()) + "-0x" + Long.toHexString(range.end());
  }

  private static Path realPath(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      return dir.toAbsolutePath().normalize();
    }
  }
}
