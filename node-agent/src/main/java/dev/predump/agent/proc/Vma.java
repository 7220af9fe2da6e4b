package dev.predump.agent.proc;

/**
 * One mapping of a process's address space, as a line of {@code /proc/PID/maps} shows it.
 *
 * @param start first address (unsigned 64-bit, kept in a long)
 * @param end address just past the mapping (unsigned)
 * @param perms four characters such as {@code "rw-p"}: read, write, execute, shared/private
 * @param offset offset into the mapped file
 * @param dev device of the mapped file, {@code "major:minor"} in hex
 * @param inode inode of the mapped file, 0 for anonymous memory
 * @param path the file, a pseudo name such as {@code "[stack]"}, or {@code ""} for anonymous
 *     memory; verbatim from the kernel, so a deleted file ends in {@code " (deleted)"} and a
 *     newline in a file name appears as {@code \012}
 */
public record Vma(
    long start, long end, String perms, long offset, String dev, long inode, String path) {

  /**
   * Page size that {@link #pages()} counts in. 4 KiB on x86-64 and on the usual arm64 kernels; a
   * kernel with other pages shows it as {@code KernelPageSize} in smaps.
   */
  public static final long PAGE_SIZE = 4096;

  private static final String DELETED = " (deleted)";

  public Vma {
    if (perms.length() != 4) {
      throw new IllegalArgumentException("perms must have 4 characters: " + perms);
    }
  }

  public boolean readable() {
    return perms.charAt(0) == 'r';
  }

  public boolean writable() {
    return perms.charAt(1) == 'w';
  }

  public boolean executable() {
    return perms.charAt(2) == 'x';
  }

  public boolean shared() {
    return perms.charAt(3) == 's';
  }

  public boolean isPrivate() {
    return perms.charAt(3) == 'p';
  }

  /** Bytes covered; unsigned arithmetic, so the top-of-address-space vsyscall page works too. */
  public long size() {
    return end - start;
  }

  public long pages() {
    return size() / PAGE_SIZE;
  }

  /** A mapping of no file and no kernel-given name (heap and stack have names). */
  public boolean anonymous() {
    return path.isEmpty();
  }

  /** A kernel-named mapping such as {@code [heap]}, {@code [stack]}, {@code [vdso]}. */
  public boolean pseudo() {
    return path.startsWith("[") && path.endsWith("]");
  }

  /** The mapped file was unlinked after it was mapped. */
  public boolean deleted() {
    return inode != 0 && path.endsWith(DELETED);
  }

  /** Whether {@code address} lies inside this mapping (unsigned comparison). */
  public boolean contains(long address) {
    return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
  }

  @Override
  public String toString() {
    return Long.toHexString(start)
        + "-"
        + Long.toHexString(end)
        + " "
        + perms
        + " "
        + Long.toHexString(offset)
        + " "
        + dev
        + " "
        + inode
        + (path.isEmpty() ? "" : " " + path);
  }
}
