package dev.predump.image.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainAssertionsTest {
  @TempDir Path chain;

  @Test
  void builtChainMatchesItsModel() throws IOException {
    ChainModel model = RandomChain.seed(77).levels(4).processes(2).build(chain);
    ChainAssertions.assertChainMatches(model);
  }

  @Test
  void sameSeedBuildsTheSameChain() throws IOException {
    ChainModel first = RandomChain.seed(79).levels(3).build(chain.resolve("a"));
    ChainModel second = RandomChain.seed(79).levels(3).build(chain.resolve("b"));
    ChainModel other = RandomChain.seed(80).levels(3).build(chain.resolve("c"));
    for (int round = 1; round <= 3; round++) {
      for (String file : new String[] {"pagemap-1.img", "pages-1.img", "inventory.img"}) {
        assertThat(first.roundDir(round).resolve(file))
            .hasSameBinaryContentAs(second.roundDir(round).resolve(file));
      }
    }
    assertThat(Files.readAllBytes(first.roundDir(1).resolve("pages-1.img")))
        .isNotEqualTo(Files.readAllBytes(other.roundDir(1).resolve("pages-1.img")));
  }

  @Test
  void aCorruptedPageFailsTheAssertions() throws IOException {
    ChainModel model = RandomChain.seed(78).levels(1).processes(1).build(chain);
    try (RandomAccessFile pages =
        new RandomAccessFile(chain.resolve("1/pages-1.img").toFile(), "rw")) {
      pages.seek(100);
      int b = pages.read();
      pages.seek(100);
      pages.write(b ^ 0xff);
    }
    assertThatThrownBy(() -> ChainAssertions.assertChainVerifies(chain))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("crc32c");
    Map<Long, byte[]> expected = new TreeMap<>();
    model.pages(1).forEach((vaddr, page) -> expected.put(vaddr, page.data()));
    assertThatThrownBy(() -> ChainAssertions.assertProcessHolds(chain, 1, expected))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ns pid 1: page 0x");
  }
}
