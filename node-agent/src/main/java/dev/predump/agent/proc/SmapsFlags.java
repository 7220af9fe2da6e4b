package dev.predump.agent.proc;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code VmFlags} of every mapping, from {@code /proc/PID/smaps} (e.g. {@code io}, {@code pf}
 * for VM_IO/VM_PFNMAP mappings to skip, {@code ht} for hugetlb, {@code dd} don't-dump, {@code sd}
 * soft-dirty).
 *
 * <p>Reading smaps walks the page tables of every mapping, O(memory) in the kernel and holding the
 * mm's locks: the engine must read it while the target runs, never while it is frozen, and match
 * the result to the frozen maps by start address (a mapping that changed in between is simply not
 * found).
 */
public final class SmapsFlags {

  private static final String VM_FLAGS = "VmFlags:";

  private SmapsFlags() {}

  /** VmFlags mnemonics by mapping start address. */
  public static Map<Long, Set<String>> read(int pid) throws IOException {
    String text = ProcFiles.read(pid, "smaps");
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("Cannot parse /proc/" + pid + "/smaps: " + e.getMessage(), e);
    }
  }

  /** Parses the text of an smaps file; mappings without a VmFlags line get an empty set. */
  public static Map<Long, Set<String>> parse(String text) {
    Map<Long, Set<String>> flags = new LinkedHashMap<>();
    Long current = null;
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith(VM_FLAGS)) {
        if (current == null) {
          throw new IllegalArgumentException("VmFlags before any mapping");
        }
        flags.put(current, mnemonics(line.substring(VM_FLAGS.length())));
      } else if (isMappingHeader(line)) {
        current = ProcMaps.parseLine(line).start();
        flags.put(current, Set.of());
      }
    }
    return Collections.unmodifiableMap(flags);
  }

  // A mapping header begins "start-end "; field lines begin with "Name:".
  private static boolean isMappingHeader(String line) {
    int space = line.indexOf(' ');
    int dash = line.indexOf('-');
    return space > 0 && dash > 0 && dash < space && line.lastIndexOf(':', space) < 0;
  }

  private static Set<String> mnemonics(String list) {
    Set<String> set = new LinkedHashSet<>();
    for (String flag : list.trim().split("\\s+")) {
      if (!flag.isEmpty()) {
        set.add(flag);
      }
    }
    return Collections.unmodifiableSet(set);
  }
}
