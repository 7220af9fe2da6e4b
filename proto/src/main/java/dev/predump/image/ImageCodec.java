package dev.predump.image;

import com.google.protobuf.MessageLite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Framing of CRIU image files: the header words and the length-prefixed records.
 *
 * <pre>
 * image      := header record*                      -- ends cleanly only on a record boundary
 * header     := u32le IMG_COMMON u32le type-magic   -- pagemap-&lt;pid&gt;.img: IMG_COMMON PAGEMAP
 *             | u32le IMG_SERVICE u32le type-magic  -- stats-dump: IMG_SERVICE STATS
 *             | u32le INVENTORY                     -- inventory.img: a single word
 *             | u32le PREDUMP_COMMON u32le MANIFEST -- manifest: predump's own
 * record     := u32le length, byte[length]          -- proto2 message; NOT protobuf's varint
 *                                                   -- "delimited" framing
 * pagemap    := header PagemapHead PagemapEntry*
 * inventory  := header InventoryEntry
 * stats-dump := header StatsEntry
 * manifest   := header RoundManifest
 * pages-&lt;id&gt;.img := page* -- raw 4096-byte pages, no header, no padding
 * </pre>
 *
 * <p>{@link RecordReader} reads this grammar back and reports every violation as an {@link
 * ImageFormatException} naming the file and the offset.
 */
public final class ImageCodec {
  /** Largest record body that a u32 length can describe. */
  public static final long MAX_RECORD_LENGTH = 0xffff_ffffL;

  private ImageCodec() {}

  /** Writes the magic words that open a file of this kind. */
  public static void writeHeader(OutputStream out, ImageMagic magic) throws IOException {
    out.write(magic.header());
  }

  /** Writes one record: its length as u32 little-endian, then the message bytes. */
  public static void writeRecord(OutputStream out, MessageLite message) throws IOException {
    int length = message.getSerializedSize();
    // getSerializedSize is an int, so it always fits the u32 length; a negative value would mean
    // an overflow inside protobuf, which we refuse rather than frame wrongly.
    if (length < 0) {
      throw new IOException("Record too large to frame: " + message.getClass().getSimpleName());
    }
    out.write(length & 0xff);
    out.write((length >>> 8) & 0xff);
    out.write((length >>> 16) & 0xff);
    out.write((length >>> 24) & 0xff);
    message.writeTo(out);
  }

  /** Encodes a whole file in memory: header, then one record per message, in order. */
  public static byte[] encode(ImageMagic magic, MessageLite... records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeHeader(out, magic);
      for (MessageLite record : records) {
        writeRecord(out, record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("In-memory stream failed", e);
    }
    return out.toByteArray();
  }
}
