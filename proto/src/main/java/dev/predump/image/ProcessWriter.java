package dev.predump.image;

import dev.predump.image.proto.FileChecksum;
import dev.predump.image.proto.ProcessImage;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes the pagemap and pages file of one process of a round, in ascending address order.
 *
 * <p>Use from one thread at a time; writers of different processes of the same round may run on
 * different threads. Bad input ({@link IllegalArgumentException}) changes nothing and the writer
 * stays usable; a failed write ({@link IOException}) spoils the whole round, which then refuses to
 * commit.
 */
public final class ProcessWriter implements Closeable {
  private static final int PAGE = ImageLayout.PAGE_SIZE;
  private static final int COPY_BUFFER_BYTES = 256 * 1024;

  private final RoundWriter round;
  private final ProcessInfo info;
  private final int pagesId;
  private final Path pagesFile;
  private final FileChannel pagesChannel;
  private final boolean direct;
  // The pages file's checksum: settledCrc covers its first settledBytes, runCrc the bytes after.
  private final CRC32C runCrc = new CRC32C();
  private long settledCrc;
  private long settledBytes;
  private final PagemapOutput pagemap;

  private long pagesBytes;
  private long pagesPresent;
  private long pagesParent;
  private ByteBuffer copyBuffer;
  private boolean closed;

  ProcessWriter(RoundWriter round, Path dir, ProcessInfo info, int pagesId, boolean tryDirect)
      throws IOException {
    this.round = round;
    this.info = info;
    this.pagesId = pagesId;
    this.pagesFile = dir.resolve(ImageLayout.pagesName(pagesId));
    this.pagemap =
        new PagemapOutput(
            dir.resolve(ImageLayout.pagemapName(info.nsPid())), info.label(), pagesId);
    try {
      PagesFile.Opened opened = PagesFile.create(pagesFile, tryDirect);
      this.pagesChannel = opened.channel();
      this.direct = opened.direct();
    } catch (IOException e) {
      pagemap.abandon();
      throw e;
    }
  }

  /** Whether the pages file is written with O_DIRECT. */
  public boolean direct() {
    return direct;
  }

  /**
   * Appends the pages in {@code pages} (position to limit) at {@code vaddr}. The buffer is written
   * to the pages file as it is, direct buffers without a copy (with O_DIRECT, direct buffers that
   * are not page-aligned go through a staging copy), and is consumed.
   *
   * @throws IllegalArgumentException when the length is 0 or not a multiple of 4096, or the range
   *     is unaligned, below or overlapping an earlier one
   */
  public void present(long vaddr, ByteBuffer pages) throws IOException {
    checkOpen();
    int length = pages.remaining();
    if (length == 0 || length % PAGE != 0) {
      throw new IllegalArgumentException(
          info.label()
              + ": page data at "
              + hex(vaddr)
              + " is "
              + length
              + " bytes, expected a positive multiple of "
              + PAGE);
    }
    long nrPages = length / PAGE;
    pagemap.check(vaddr, nrPages);
    ByteBuffer checksumView = pages.duplicate();
    try {
      long start = System.nanoTime();
      if (direct && !PagesFile.directReady(pages)) {
        writeStaged(pages);
      } else {
        while (pages.hasRemaining()) {
          pagesChannel.write(pages);
        }
      }
      runCrc.update(checksumView);
      round.addWriteNanos(System.nanoTime() - start);
    } catch (IOException | RuntimeException e) {
      round.spoil(info.label() + ": writing " + pagesFile + " failed", e);
      throw e;
    }
    pagesBytes += length;
    append(vaddr, nrPages, PageLocation.PRESENT);
  }

  /**
   * Appends {@code nrPages} pages at {@code vaddr}, streamed from a blocking channel that must
   * deliver exactly {@code nrPages * 4096} bytes.
   *
   * @throws EOFException when {@code source} ends early; the partial range is taken back out of the
   *     pages file and the writer stays usable, as after any other rejected input
   */
  public void present(long vaddr, long nrPages, ReadableByteChannel source) throws IOException {
    checkOpen();
    pagemap.check(vaddr, nrPages);
    ByteBuffer copyBuffer = copyBuffer();
    settleChecksum();
    long total = nrPages * PAGE;
    long done = 0;
    try {
      while (done < total) {
        copyBuffer.clear();
        copyBuffer.limit((int) Math.min(copyBuffer.capacity(), total - done));
        boolean ended = false;
        while (copyBuffer.hasRemaining() && !ended) {
          ended = source.read(copyBuffer) < 0;
        }
        copyBuffer.flip();
        int chunk = copyBuffer.remaining();
        if (ended && done + chunk < total) {
          // A short last piece is never written (O_DIRECT could not take a partial page anyway).
          takeBack();
          done += chunk;
          throw new EOFException(
              info.label()
                  + ": source of range "
                  + hex(vaddr)
                  + "-"
                  + hex(vaddr + total)
                  + " ended after "
                  + done
                  + " of "
                  + total
                  + " bytes; the range was not written");
        }
        long start = System.nanoTime();
        ByteBuffer checksumView = copyBuffer.duplicate();
        while (copyBuffer.hasRemaining()) {
          pagesChannel.write(copyBuffer);
        }
        runCrc.update(checksumView);
        round.addWriteNanos(System.nanoTime() - start);
        done += chunk;
      }
    } catch (EOFException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      round.spoil(info.label() + ": copying range " + hex(vaddr) + " failed", e);
      throw e;
    }
    pagesBytes += total;
    append(vaddr, nrPages, PageLocation.PRESENT);
  }

  /** Writes {@code pages} through the aligned copy buffer, for O_DIRECT. */
  private void writeStaged(ByteBuffer pages) throws IOException {
    ByteBuffer staging = copyBuffer();
    while (pages.hasRemaining()) {
      staging.clear();
      ByteBuffer piece = pages.duplicate();
      piece.limit(piece.position() + Math.min(piece.remaining(), staging.capacity()));
      staging.put(piece).flip();
      pages.position(piece.position());
      while (staging.hasRemaining()) {
        pagesChannel.write(staging);
      }
    }
  }

  private ByteBuffer copyBuffer() {
    if (copyBuffer == null) {
      // Page-aligned, so that O_DIRECT channels take it as it is.
      copyBuffer = PagesFile.allocateAligned(COPY_BUFFER_BYTES);
    }
    return copyBuffer;
  }

  /** Folds the running checksum into the settled one, so that what follows can be taken back. */
  private void settleChecksum() {
    long runBytes = pagesBytes - settledBytes;
    settledCrc = Crc32cCombine.combine(settledCrc, runCrc.getValue(), runBytes);
    settledBytes = pagesBytes;
    runCrc.reset();
  }

  /** Cuts the pages file back to the settled length and forgets the checksum of the rest. */
  private void takeBack() throws IOException {
    try {
      pagesChannel.truncate(settledBytes);
      pagesChannel.position(settledBytes);
    } catch (IOException | RuntimeException e) {
      round.spoil(info.label() + ": cannot take back a partial range of " + pagesFile, e);
      throw e;
    }
    runCrc.reset();
  }

  /** Records that the {@code nrPages} pages at {@code vaddr} are unchanged since the parent. */
  public void parent(long vaddr, long nrPages) throws IOException {
    checkOpen();
    if (!round.hasParent()) {
      throw new IllegalArgumentException(
          info.label() + ": PE_PARENT range at " + hex(vaddr) + " in a round without a parent");
    }
    pagemap.check(vaddr, nrPages);
    append(vaddr, nrPages, PageLocation.PARENT);
  }

  /** Pages written into this process's pages file so far. */
  public long pagesPresent() {
    return pagesPresent;
  }

  /** Pages left in the parent so far. */
  public long pagesParent() {
    return pagesParent;
  }

  public ProcessInfo info() {
    return info;
  }

  /** Ends this process: flushes and fsyncs its pagemap and pages file. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      pagemap.finish();
      pagesChannel.force(true);
      pagesChannel.close();
    } catch (IOException | RuntimeException e) {
      abandon();
      round.spoil(info.label() + ": finishing " + pagemap.file() + " failed", e);
      throw e;
    }
    round.processClosed(this);
  }

  /** Closes the files without finishing them; used when the round is aborted. */
  void abandon() {
    closed = true;
    pagemap.abandon();
    try {
      pagesChannel.close();
    } catch (IOException e) {
      // The round is being thrown away; a failed close changes nothing.
    }
  }

  ProcessImage image() {
    return ProcessImage.newBuilder()
        .setHostPid(info.hostPid())
        .setNsPid(info.nsPid())
        .setStartTimeTicks(info.startTimeTicks())
        .setPagesId(pagesId)
        .setComm(info.comm())
        .setPagesPresent(pagesPresent)
        .setPagesParent(pagesParent)
        .build();
  }

  FileChecksum pagemapChecksum() {
    return pagemap.checksum();
  }

  FileChecksum pagesChecksum() {
    return FileChecksum.newBuilder()
        .setName(pagesFile.getFileName().toString())
        .setSize(pagesBytes)
        .setAlgorithm(RoundRecords.CRC32C)
        .setValue(Crc32cCombine.combine(settledCrc, runCrc.getValue(), pagesBytes - settledBytes))
        .build();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(info.label() + ": pagemap already closed");
    }
    round.checkWritable();
  }

  private void append(long vaddr, long nrPages, PageLocation location) throws IOException {
    try {
      pagemap.append(vaddr, nrPages, location);
    } catch (IOException | RuntimeException e) {
      round.spoil(info.label() + ": writing " + pagemap.file() + " failed", e);
      throw e;
    }
    if (location == PageLocation.PRESENT) {
      pagesPresent += nrPages;
    } else {
      pagesParent += nrPages;
    }
    round.countPages(location, nrPages);
  }

  private static String hex(long value) {
    return PagemapOutput.hex(value);
  }
}
