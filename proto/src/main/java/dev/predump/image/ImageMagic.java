package dev.predump.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The magic numbers that open each kind of image file, as little-endian u32 words. */
public enum ImageMagic {
  /** {@code pagemap-<pid>.img}: IMG_COMMON, then PAGEMAP. */
  PAGEMAP(ImageMagic.IMG_COMMON, 0x56084025),
  /** {@code inventory.img}: INVENTORY alone, as CRIU writes it. */
  INVENTORY(0x58313116),
  /** {@code stats-dump}: IMG_SERVICE, then STATS. */
  STATS(ImageMagic.IMG_SERVICE, 0x57093306),
  /**
   * predump's {@code manifest}. Both words lie outside CRIU's magic table, so crit and CRIU refuse
   * the file instead of misreading it.
   */
  MANIFEST(ImageMagic.PREDUMP_COMMON, 0x7473666d);

  /** First word of every CRIU image except inventory and service images. */
  public static final int IMG_COMMON = 0x54564319;

  /** First word of CRIU's service images such as {@code stats-dump}. */
  public static final int IMG_SERVICE = 0x55105940;

  /** First word of predump's own images ("pred" in file order). */
  public static final int PREDUMP_COMMON = 0x64657270;

  private final int[] words;

  ImageMagic(int... words) {
    this.words = words;
  }

  /** The header as it appears at the start of the file. */
  public byte[] header() {
    ByteBuffer buf = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int word : words) {
      buf.putInt(word);
    }
    return buf.array();
  }

  /** Length of the header in bytes: 4 or 8. */
  public int headerLength() {
    return words.length * 4;
  }
}
