package dev.predump.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One Kubernetes API call a component makes, as its {@code *-api-calls.txt} lists it: {@code group
 * resource verb}, the core group written {@code ""} or {@code core}.
 */
record ApiCall(String group, String resource, String verb) {

  @Override
  public String toString() {
    return (group.isEmpty() ? "\"\"" : group) + " " + resource + " " + verb;
  }

  /** Reads a calls file; blank lines and {@code #} comments are skipped. */
  static Set<ApiCall> read(Path file) {
    Set<ApiCall> calls = new LinkedHashSet<>();
    try {
      int number = 0;
      for (String line : Files.readAllLines(file)) {
        number++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 3) {
          throw new IllegalArgumentException(
              file + ":" + number + ": expected \"group resource verb\", got \"" + text + "\"");
        }
        for (String verb : fields[2].split(",")) {
          calls.add(new ApiCall(coreGroup(fields[0]), fields[1], verb));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return calls;
  }

  static String coreGroup(String group) {
    return group.equals("\"\"") || group.equals("core") ? "" : group;
  }
}
