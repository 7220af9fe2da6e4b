package dev.predump.image;

/**
 * Joins the CRC-32C values of two adjacent byte runs into the CRC-32C of both, without the bytes.
 *
 * <p>A pages file's checksum is computed while streaming; when a streamed range has to be taken
 * back (its source ended early), the file is truncated and the checksum must return to its state
 * before the range. {@link java.util.zip.CRC32C} cannot be rewound, so the checksum is kept as a
 * settled prefix value plus the running CRC of the bytes since, joined here. The arithmetic is the
 * standard one for CRCs: multiply the first CRC by x^(8·len2) modulo the polynomial.
 */
final class Crc32cCombine {
  /** CRC-32C (Castagnoli) polynomial, bit-reflected. */
  private static final int POLY = 0x82f63b78;

  /** x^(2^k) mod POLY for k = 0..31, reflected. */
  private static final int[] X2N = new int[32];

  static {
    X2N[0] = 1 << 30; // x^1
    for (int k = 1; k < 32; k++) {
      X2N[k] = multiply(X2N[k - 1], X2N[k - 1]);
    }
  }

  private Crc32cCombine() {}

  /** The CRC-32C of {@code A || B}, given crc(A), crc(B) and the length of B in bytes. */
  static long combine(long crcA, long crcB, long lengthB) {
    if (lengthB == 0) {
      return crcA;
    }
    int shifted = multiply(xPowerEightTimes(lengthB), (int) crcA);
    return (shifted ^ (int) crcB) & 0xffff_ffffL;
  }

  /** x^(8·n) mod POLY. */
  private static int xPowerEightTimes(long n) {
    int p = 1 << 31; // x^0
    int k = 3; // 8 = 2^3
    for (long rest = n; rest != 0; rest >>>= 1, k++) {
      if ((rest & 1) != 0) {
        p = multiply(X2N[k & 31], p);
      }
    }
    return p;
  }

  /** a·b mod POLY, both reflected; {@code a} must not be 0. */
  private static int multiply(int a, int b) {
    int m = 1 << 31;
    int p = 0;
    while (true) {
      if ((a & m) != 0) {
        p ^= b;
        if ((a & (m - 1)) == 0) {
          return p;
        }
      }
      m >>>= 1;
      b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
    }
  }
}
