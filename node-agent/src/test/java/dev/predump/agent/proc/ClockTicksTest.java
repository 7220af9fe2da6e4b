package dev.predump.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockTicksTest {

  @TempDir Path dir;

  @Test
  void readsAtClktckFromAuxv() throws IOException {
    Path auxv = auxv(6, 4096, 17, 250, 0, 0);

    assertThat(ClockTicks.fromAuxv(auxv)).isEqualTo(250);
  }

  @Test
  void defaultsTo100WithoutAtClktck() throws IOException {
    assertThat(ClockTicks.fromAuxv(auxv(6, 4096, 0, 0, 17, 300))).isEqualTo(100);
    assertThat(ClockTicks.fromAuxv(dir.resolve("missing"))).isEqualTo(100);
  }

  private Path auxv(long... words) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(words.length * 8).order(ByteOrder.nativeOrder());
    for (long word : words) {
      bytes.putLong(word);
    }
    return Files.write(dir.resolve("auxv"), bytes.array());
  }
}
