package dev.predump.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A round and all its ancestors, read the way {@code criu restore} reads them: a {@code PE_PARENT}
 * entry sends the reader one level down, until a level holds the data.
 *
 * <p>Reads use positional I/O only, so one open chain may be read from several threads.
 */
public final class ImageChain implements Closeable {
  private static final int PAGE = ImageLayout.PAGE_SIZE;
  private static final int READ_CHUNK_BYTES = 256 * 1024;

  private final List<RoundImage> levels;

  private ImageChain(List<RoundImage> levels) {
    this.levels = Collections.unmodifiableList(levels);
  }

  /**
   * Opens the chain ending in {@code dir}: a round dir, or a chain dir whose {@code latest} link
   * names the top round. Every level is opened through its {@code parent} link.
   *
   * @throws ImageFormatException when a level is incomplete or malformed, a parent link dangles or
   *     contradicts the manifest, or the links loop
   */
  /**
   * Deletes a chain directory (every round, the {@code latest} link, leftovers of unfinished
   * rounds) without following links out of it; a directory already gone is fine. Memory images are
   * secrets: this is how retention and scratch runs remove them.
   */
  public static void delete(Path dir) throws IOException {
    ChainDirectory.deleteTree(dir);
  }

  public static ImageChain open(Path dir) throws IOException {
    List<RoundImage> levels = new ArrayList<>();
    try {
      Set<Path> seen = new HashSet<>();
      Optional<Path> next = Optional.of(ChainLinks.topRound(dir));
      while (next.isPresent()) {
        Path roundDir = next.get();
        if (!seen.add(roundDir.toRealPath())) {
          throw new ImageFormatException(roundDir, -1, "parent links form a loop");
        }
        RoundImage level = RoundImage.open(roundDir);
        levels.add(level);
        next = ChainLinks.parentOf(roundDir);
        if (next.isPresent() != level.manifest().hasParent()) {
          throw new ImageFormatException(
              roundDir.resolve(ImageLayout.PARENT),
              -1,
              level.manifest().hasParent()
                  ? "the manifest names parent " + level.manifest().getParent() + " but no link"
                  : "a parent link exists but the manifest names no parent");
        }
      }
    } catch (IOException | RuntimeException e) {
      for (RoundImage level : levels) {
        level.close();
      }
      throw e;
    }
    return new ImageChain(levels);
  }

  /** The levels, top (newest) first. */
  public List<RoundImage> levels() {
    return levels;
  }

  public RoundImage top() {
    return levels.get(0);
  }

  /** Namespace pids of the top level's processes. */
  public Set<Integer> pids() {
    return top().pids();
  }

  /** The top level's pagemap entries of one process. */
  public List<PageRange> pagemap(int nsPid) {
    return topPagemap(nsPid).ranges();
  }

  /**
   * Reads the 4096 bytes of the page at {@code vaddr} into {@code dst} (advancing its position),
   * from whichever level holds them.
   *
   * @return false when the top level does not list the page, or no process {@code nsPid}
   * @throws ImageFormatException when the page is listed but the chain below cannot provide it
   */
  public boolean readPage(int nsPid, long vaddr, ByteBuffer dst) throws IOException {
    if (vaddr % PAGE != 0) {
      throw new IllegalArgumentException("Address 0x" + Long.toHexString(vaddr) + " is unaligned");
    }
    if (dst.remaining() < PAGE) {
      throw new IllegalArgumentException("Buffer has room for " + dst.remaining() + " bytes");
    }
    for (int level = 0; level < levels.size(); level++) {
      RoundImage round = levels.get(level);
      Optional<Pagemap> pagemap = round.pagemap(nsPid);
      int index = pagemap.isPresent() ? pagemap.get().indexOf(vaddr) : -1;
      if (index < 0) {
        if (level == 0) {
          return false;
        }
        throw notInParent(level, nsPid, vaddr);
      }
      PageRange range = pagemap.get().ranges().get(index);
      if (range.location() == PageLocation.PRESENT) {
        ByteBuffer page = dst.slice(dst.position(), PAGE);
        round.readPages(nsPid, pagemap.get().pagesOffsetOf(index, vaddr), page);
        dst.position(dst.position() + PAGE);
        return true;
      }
    }
    throw notInParent(levels.size(), nsPid, vaddr);
  }

  /**
   * Visits every page of the top level's pagemap of {@code nsPid}, in address order, with the data
   * restore would load: resolved through the parents.
   *
   * @throws IllegalArgumentException when the top level has no such process
   */
  public void forEachPage(int nsPid, PageVisitor visitor) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect(READ_CHUNK_BYTES);
    for (PageRange range : topPagemap(nsPid).ranges()) {
      visitRange(0, nsPid, range.vaddr(), range.end(), visitor, buffer);
    }
  }

  private void visitRange(
      int level, int nsPid, long start, long end, PageVisitor visitor, ByteBuffer buffer)
      throws IOException {
    if (level >= levels.size()) {
      throw notInParent(level, nsPid, start);
    }
    RoundImage round = levels.get(level);
    Pagemap pagemap = round.pagemap(nsPid).orElseThrow(() -> notInParent(level, nsPid, start));
    List<PageRange> ranges = pagemap.ranges();
    int index = pagemap.indexOf(start);
    long address = start;
    while (address < end) {
      if (index < 0 || index >= ranges.size() || !ranges.get(index).contains(address)) {
        throw notInParent(level, nsPid, address);
      }
      PageRange range = ranges.get(index);
      long stop = Math.min(end, range.end());
      if (range.location() == PageLocation.PRESENT) {
        visitPresent(
            round, nsPid, pagemap.pagesOffsetOf(index, address), address, stop, visitor, buffer);
      } else {
        visitRange(level + 1, nsPid, address, stop, visitor, buffer);
      }
      address = stop;
      index++;
    }
  }

  private static void visitPresent(
      RoundImage round,
      int nsPid,
      long offset,
      long start,
      long end,
      PageVisitor visitor,
      ByteBuffer buffer)
      throws IOException {
    long address = start;
    long position = offset;
    while (address < end) {
      buffer.clear();
      buffer.limit((int) Math.min(buffer.capacity(), end - address));
      round.readPages(nsPid, position, buffer);
      buffer.flip();
      for (int at = 0; at < buffer.limit(); at += PAGE) {
        visitor.visit(address + at, buffer.slice(at, PAGE).asReadOnlyBuffer(), round.round());
      }
      address += buffer.limit();
      position += buffer.limit();
    }
  }

  private Pagemap topPagemap(int nsPid) {
    return top()
        .pagemap(nsPid)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Round " + top().round() + " has no process with ns pid " + nsPid));
  }

  private ImageFormatException notInParent(int level, int nsPid, long vaddr) {
    if (level == 0) {
      // The top level's own ranges are what is being walked, so they always hold the address.
      throw new IllegalStateException("Top level lost page 0x" + Long.toHexString(vaddr));
    }
    RoundImage above = levels.get(level - 1);
    Path where = level < levels.size() ? levels.get(level).dir() : above.dir();
    String problem =
        level < levels.size()
            ? "round "
                + levels.get(level).round()
                + " does not hold page 0x"
                + Long.toHexString(vaddr)
                + " of ns pid "
                + nsPid
                + " that round "
                + above.round()
                + " leaves in its parent"
            : "round "
                + above.round()
                + " leaves page 0x"
                + Long.toHexString(vaddr)
                + " of ns pid "
                + nsPid
                + " in a parent, but the chain ends there";
    return new ImageFormatException(where, -1, problem);
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (RoundImage level : levels) {
      try {
        level.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
