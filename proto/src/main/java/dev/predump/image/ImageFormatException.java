package dev.predump.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file that breaks the format: wrong magic, torn framing, or a record that won't parse.
 */
public final class ImageFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;
  private final String problem;

  /**
   * @param file the image file at fault
   * @param offset byte offset in {@code file} where the problem starts, or -1 when the problem is
   *     not at one place (a missing file, a dangling link)
   */
  public ImageFormatException(Path file, long offset, String problem) {
    super(describe(file, offset, problem));
    this.file = file;
    this.offset = offset;
    this.problem = problem;
  }

  public ImageFormatException(Path file, long offset, String problem, Throwable cause) {
    this(file, offset, problem);
    initCause(cause);
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }

  /** What is wrong, without the file and offset. */
  public String problem() {
    return problem;
  }

  private static String describe(Path file, long offset, String problem) {
    return offset < 0
        ? file + ": " + problem
        : file + " at offset " + offset + " (0x" + Long.toHexString(offset) + "): " + problem;
  }
}
