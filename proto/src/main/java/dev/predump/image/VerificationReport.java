package dev.predump.image;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ChainVerifier} found: every problem of every level, not only the first.
 *
 * @param dir the directory given to the verifier
 * @param levels the round dirs checked, top first
 * @param problems every problem found, in the order found
 */
public record VerificationReport(Path dir, List<Path> levels, List<Problem> problems) {

  /** One thing wrong with one file. */
  public record Problem(Path file, long offset, String message) {
    @Override
    public String toString() {
      return offset < 0
          ? file + ": " + message
          : file + " at offset " + offset + " (0x" + Long.toHexString(offset) + "): " + message;
    }
  }

  public VerificationReport {
    levels = List.copyOf(levels);
    problems = List.copyOf(problems);
  }

  /** True when no problem was found. */
  public boolean ok() {
    return problems.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Chain ").append(dir).append(": ");
    text.append(levels.size()).append(levels.size() == 1 ? " level" : " levels").append(", ");
    if (ok()) {
      return text.append("OK").toString();
    }
    text.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    for (Problem problem : problems) {
      text.append(System.lineSeparator()).append("  ").append(problem);
    }
    return text.toString();
  }
}
