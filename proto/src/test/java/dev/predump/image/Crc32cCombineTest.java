package dev.predump.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32cCombineTest {
  @Test
  void combinedValueIsTheCrcOfTheJoinedBytes() {
    Random random = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      byte[] a = new byte[random.nextInt(3 * 4096)];
      byte[] b = new byte[random.nextInt(3 * 4096)];
      random.nextBytes(a);
      random.nextBytes(b);
      CRC32C whole = new CRC32C();
      whole.update(a);
      whole.update(b);
      assertThat(Crc32cCombine.combine(crc(a), crc(b), b.length))
          .as("lengths %d + %d", a.length, b.length)
          .isEqualTo(whole.getValue());
    }
  }

  @Test
  void emptyRunsChangeNothing() {
    byte[] a = {1, 2, 3};
    assertThat(Crc32cCombine.combine(crc(a), crc(new byte[0]), 0)).isEqualTo(crc(a));
    assertThat(Crc32cCombine.combine(0, crc(a), a.length)).isEqualTo(crc(a));
  }

  private static long crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return crc.getValue();
  }
}
