package dev.predump.image;

import dev.predump.image.proto.FileChecksum;
import dev.predump.image.proto.PagemapHead;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Streams the entries of one {@code pagemap-<pid>.img}: checks that ranges come sorted, aligned and
 * disjoint, merges contiguous ranges of the same location into one entry, and splits ranges too
 * long for one entry's uint32 count.
 */
final class PagemapOutput {
  private static final int PAGE = ImageLayout.PAGE_SIZE;

  private final Path file;
  private final String owner;
  private final FileChannel channel;
  private final ChecksummedOutput sum;
  private final OutputStream out;

  private boolean anyRange;
  private long lastStart;
  private long nextFree;
  private long pendingVaddr;
  private long pendingPages;
  private PageLocation pendingLocation;

  /** Creates the file (mode 0600) and writes its header and head record. */
  PagemapOutput(Path file, String owner, int pagesId) throws IOException {
    this.file = file;
    this.owner = owner;
    this.channel = ChainDirectory.createPrivateFile(file);
    this.sum = new ChecksummedOutput(Channels.newOutputStream(channel));
    this.out = new BufferedOutputStream(sum, 64 * 1024);
    try {
      ImageCodec.writeHeader(out, ImageMagic.PAGEMAP);
      ImageCodec.writeRecord(out, PagemapHead.newBuilder().setPagesId(pagesId).build());
    } catch (IOException e) {
      abandon();
      throw e;
    }
  }

  Path file() {
    return file;
  }

  /**
   * Rejects a range that cannot follow the ones appended so far.
   *
   * @throws IllegalArgumentException naming the owner and the addresses
   */
  void check(long vaddr, long nrPages) {
    if (nrPages <= 0) {
      throw new IllegalArgumentException(
          owner + ": empty range at " + hex(vaddr) + " (" + nrPages + " pages)");
    }
    if (vaddr < 0 || vaddr % PAGE != 0) {
      throw new IllegalArgumentException(
          owner + ": range start " + hex(vaddr) + " is not a page-aligned user address");
    }
    if (nrPages > (Long.MAX_VALUE - vaddr) / PAGE) {
      throw new IllegalArgumentException(
          owner + ": range at " + hex(vaddr) + " of " + nrPages + " pages overflows");
    }
    if (anyRange && vaddr < nextFree) {
      String problem =
          vaddr + nrPages * PAGE > lastStart
              ? " overlaps the previous range "
              : " is out of order: it lies below the previous range ";
      throw new IllegalArgumentException(
          owner
              + ": range "
              + hex(vaddr)
              + "-"
              + hex(vaddr + nrPages * PAGE)
              + problem
              + hex(lastStart)
              + "-"
              + hex(nextFree)
              + "; ranges must be sorted and disjoint");
    }
  }

  /** Appends a range that passed {@link #check}. */
  void append(long vaddr, long nrPages, PageLocation location) throws IOException {
    boolean contiguous =
        pendingLocation == location
            && pendingVaddr + pendingPages * PAGE == vaddr
            && pendingPages + nrPages <= PageRange.MAX_PAGES_PER_ENTRY;
    if (contiguous) {
      pendingPages += nrPages;
    } else {
      flushPending();
      pendingVaddr = vaddr;
      pendingPages = nrPages;
      pendingLocation = location;
    }
    anyRange = true;
    lastStart = vaddr;
    nextFree = vaddr + nrPages * PAGE;
  }

  /** Writes the last entry and makes the file durable, then closes it. */
  void finish() throws IOException {
    try {
      flushPending();
      out.flush();
      channel.force(true);
    } finally {
      channel.close();
    }
  }

  /** Closes the file without finishing it: the round is being thrown away. */
  void abandon() {
    try {
      channel.close();
    } catch (IOException e) {
      // The file is about to be deleted; a failed close changes nothing.
    }
  }

  FileChecksum checksum() {
    return FileChecksum.newBuilder()
        .setName(file.getFileName().toString())
        .setSize(sum.size())
        .setAlgorithm(RoundRecords.CRC32C)
        .setValue(sum.crc())
        .build();
  }

  private void flushPending() throws IOException {
    // A run longer than one entry's uint32 count becomes several contiguous entries, which mean
    // the same to every reader.
    while (pendingLocation != null && pendingPages > 0) {
      long chunk = Math.min(pendingPages, PageRange.MAX_PAGES_PER_ENTRY);
      ImageCodec.writeRecord(out, new PageRange(pendingVaddr, chunk, pendingLocation).toEntry());
      pendingVaddr += chunk * PAGE;
      pendingPages -= chunk;
    }
    pendingLocation = null;
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }
}
