package dev.predump.agent.engine;

import java.util.Locale;

/** How rounds after the first decide which pages changed. */
public enum Tracking {
  /** Soft-dirty where the kernel really supports it, else hash. */
  AUTO,
  /** Kernel soft-dirty bits, scanned and cleared while the target is stopped. */
  SOFT_DIRTY,
  /** A 64-bit hash per page compared with the previous round; reads every page. */
  HASH,
  /** Every present page, every round. */
  FULL;

  /**
   * The name used on the command line, in manifests and in status: auto, soft-dirty, hash, full.
   */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a command-line name such as {@code soft-dirty}. */
  public static Tracking fromCliName(String name) {
    for (Tracking t : values()) {
      if (t.cliName().equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown tracking '" + name + "' (expected auto, soft-dirty, hash or full)");
  }
}
