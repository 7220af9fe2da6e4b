package dev.predump.image;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names and constants of a round directory and of the chain directory that holds the rounds. */
public final class ImageLayout {
  /** Page size of every image; CRIU images of x86-64 and arm64 (4K) use it. */
  public static final int PAGE_SIZE = 4096;

  /** Pagemap flag: data in the parent round. */
  public static final int PE_PARENT = 1;

  /** Pagemap flag: lazy page (never written by predump). */
  public static final int PE_LAZY = 2;

  /** Pagemap flag: data in this round's pages file. */
  public static final int PE_PRESENT = 4;

  public static final String INVENTORY = "inventory.img";
  public static final String STATS = "stats-dump";
  public static final String MANIFEST = "manifest";

  /** Relative symlink inside a round dir to its parent round ({@code ../1}). */
  public static final String PARENT = "parent";

  /** Symlink inside the chain dir to the newest complete round. */
  public static final String LATEST = "latest";

  private static final Pattern PAGEMAP_NAME = Pattern.compile("pagemap-(\\d{1,10})\\.img");
  private static final Pattern PAGES_NAME = Pattern.compile("pages-(\\d{1,10})\\.img");
  private static final Pattern ROUND_NAME = Pattern.compile("[1-9]\\d{0,9}");

  /** Temporary round dirs: {@code .<round>.partial-<random>}. */
  static final Pattern PARTIAL_ROUND_NAME = Pattern.compile("\\.\\d{1,10}\\.partial-[0-9a-f]+");

  /** Temporary symlinks made while replacing {@code latest}. */
  static final Pattern PARTIAL_LATEST_NAME = Pattern.compile("\\.latest\\.partial-[0-9a-f]+");

  private ImageLayout() {}

  /** {@code pagemap-<nsPid>.img}: the pid inside the container's pid namespace. */
  public static String pagemapName(int nsPid) {
    return "pagemap-" + nsPid + ".img";
  }

  /** {@code pages-<pagesId>.img}. */
  public static String pagesName(int pagesId) {
    return "pages-" + Integer.toUnsignedString(pagesId) + ".img";
  }

  /** Directory name of a round: its number in decimal. */
  public static String roundName(int round) {
    return Integer.toString(round);
  }

  /** Name of the temporary dir a round is written into: {@code .<round>.partial-<suffix>}. */
  static String partialRoundName(int round, String suffix) {
    return "." + round + ".partial-" + suffix;
  }

  /** Target of a round's {@code parent} link: {@code ../<parentRound>}. */
  public static String parentLinkTarget(int parentRound) {
    return "../" + parentRound;
  }

  /** The ns pid of a {@code pagemap-<pid>.img} file name, if it is one. */
  public static OptionalInt pagemapPid(Path file) {
    return number(PAGEMAP_NAME, file);
  }

  /** The pages id of a {@code pages-<id>.img} file name, if it is one. */
  public static OptionalInt pagesId(Path file) {
    return number(PAGES_NAME, file);
  }

  /** The round number of a committed round dir name, if it is one. */
  public static OptionalInt roundNumber(Path dir) {
    if (dir.getFileName() == null) {
      return OptionalInt.empty();
    }
    String name = dir.getFileName().toString();
    if (!ROUND_NAME.matcher(name).matches()) {
      return OptionalInt.empty();
    }
    long value = Long.parseLong(name);
    return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
  }

  /** True for names CRIU or predump write into a round dir (files the manifest must list). */
  public static boolean isImageFile(String name) {
    return name.equals(INVENTORY)
        || name.equals(STATS)
        || PAGEMAP_NAME.matcher(name).matches()
        || PAGES_NAME.matcher(name).matches();
  }

  private static OptionalInt number(Pattern pattern, Path file) {
    if (file.getFileName() == null) {
      return OptionalInt.empty();
    }
    Matcher m = pattern.matcher(file.getFileName().toString());
    if (!m.matches()) {
      return OptionalInt.empty();
    }
    long value = Long.parseLong(m.group(1));
    return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
  }
}
