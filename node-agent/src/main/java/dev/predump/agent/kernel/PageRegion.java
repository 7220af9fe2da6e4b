package dev.predump.agent.kernel;

/**
 * Pages {@code [start, end)} of a process that share the same {@link PageCategory} bits.
 *
 * @param categories a combination of {@link PageCategory} bits
 */
public record PageRegion(long start, long end, int categories) {

  public PageRegion {
    if (Long.compareUnsigned(start, end) >= 0) {
      throw new IllegalArgumentException(
          "Empty page region 0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end));
    }
  }

  /** True when every bit of {@code category} is set. */
  public boolean is(int category) {
    return (categories & category) == category;
  }

  @Override
  public String toString() {
    return "PageRegion[0x"
        + Long.toHexString(start)
        + "-0x"
        + Long.toHexString(end)
        + " "
        + PageCategory.describe(categories)
        + "]";
  }
}
