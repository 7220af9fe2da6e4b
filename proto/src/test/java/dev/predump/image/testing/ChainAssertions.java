package dev.predump.image.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.predump.image.ChainVerifier;
import dev.predump.image.ImageChain;
import dev.predump.image.VerificationReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Domain assertions on chains, for the tests of any module that writes them. */
public final class ChainAssertions {
  private static final int PAGE = 4096;

  private ChainAssertions() {}

  /** Fails with the verifier's full report unless the chain ending in {@code dir} is sound. */
  public static VerificationReport assertChainVerifies(Path dir) {
    VerificationReport report = ChainVerifier.verify(dir);
    assertTrue(report.ok(), report::toString);
    return report;
  }

  /**
   * Fails unless the chain ending in {@code dir} restores process {@code nsPid} to exactly {@code
   * expected}: the same addresses, each with the same 4096 bytes.
   */
  public static void assertProcessHolds(Path dir, int nsPid, Map<Long, byte[]> expected)
      throws IOException {
    List<Long> seen = new ArrayList<>();
    try (ImageChain chain = ImageChain.open(dir)) {
      chain.forEachPage(
          nsPid,
          (vaddr, page, round) -> {
            byte[] want = expected.get(vaddr);
            assertTrue(
                want != null,
                () -> "ns pid " + nsPid + ": unexpected page 0x" + Long.toHexString(vaddr));
            byte[] got = new byte[PAGE];
            page.get(got);
            assertArrayEquals(
                want, got, () -> "ns pid " + nsPid + ": page 0x" + Long.toHexString(vaddr));
            seen.add(vaddr);
          });
    }
    assertEquals(
        new ArrayList<>(new TreeMap<>(expected).keySet()),
        seen,
        "ns pid " + nsPid + ": pages in the chain");
  }

  /** Fails unless the chain verifies and holds every process of the model's top round. */
  public static void assertChainMatches(ChainModel model) throws IOException {
    assertChainVerifies(model.chainDir());
    for (int pid : model.pids()) {
      Map<Long, byte[]> expected = new TreeMap<>();
      model.pages(pid).forEach((vaddr, page) -> expected.put(vaddr, page.data()));
      assertProcessHolds(model.chainDir(), pid, expected);
    }
  }
}
