package dev.predump.image;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads the records of one image file in order, following the grammar in {@link ImageCodec}. */
public final class RecordReader implements Closeable {
  private final InputStream in;
  private final Path file;
  private long offset;

  private RecordReader(InputStream in, Path file) {
    this.in = in;
    this.file = file;
  }

  /** Opens {@code file} and checks that it starts with the header of {@code magic}. */
  public static RecordReader open(Path file, ImageMagic magic) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    try {
      return start(in, file, magic);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Reads an image held in memory; {@code name} only appears in error messages. */
  public static RecordReader of(byte[] image, Path name, ImageMagic magic) throws IOException {
    return start(new ByteArrayInputStream(image), name, magic);
  }

  private static RecordReader start(InputStream in, Path file, ImageMagic magic)
      throws IOException {
    RecordReader reader = new RecordReader(in, file);
    byte[] expected = magic.header();
    byte[] actual = in.readNBytes(expected.length);
    if (actual.length < expected.length) {
      throw new ImageFormatException(
          file, actual.length, "file ends inside the " + magic + " header");
    }
    int mismatch = Arrays.mismatch(expected, actual);
    if (mismatch >= 0) {
      // Point at the magic word that differs: the second one names the image type.
      throw new ImageFormatException(
          file,
          mismatch / 4 * 4,
          "wrong magic: expected " + hex(expected) + " (" + magic + "), found " + hex(actual));
    }
    reader.offset = expected.length;
    return reader;
  }

  /** Byte offset where the next record starts (or where the file ends). */
  public long offset() {
    return offset;
  }

  /**
   * Reads the next record.
   *
   * @return the record, or null when the file ends cleanly on a record boundary
   * @throws ImageFormatException when the file ends inside a record or the record does not parse
   */
  public <T extends MessageLite> T next(Parser<T> parser) throws IOException {
    long start = offset;
    byte[] lengthBytes = in.readNBytes(4);
    if (lengthBytes.length == 0) {
      return null;
    }
    if (lengthBytes.length < 4) {
      throw new ImageFormatException(
          file, start, "file ends inside a record length (" + lengthBytes.length + " of 4 bytes)");
    }
    long length =
        (lengthBytes[0] & 0xffL)
            | (lengthBytes[1] & 0xffL) << 8
            | (lengthBytes[2] & 0xffL) << 16
            | (lengthBytes[3] & 0xffL) << 24;
    if (length > Integer.MAX_VALUE - 8) {
      throw new ImageFormatException(file, start, "record length " + length + " is implausible");
    }
    // readNBytes grows its buffer as data arrives, so a corrupt huge length costs no huge
    // allocation before the truncation is noticed.
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw new ImageFormatException(
          file,
          start,
          "file ends inside a record: length says " + length + " bytes, " + body.length + " left");
    }
    offset = start + 4 + length;
    try {
      return parser.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new ImageFormatException(
          file, start, "record of " + length + " bytes does not parse: " + e.getMessage(), e);
    }
  }

  /** Reads the next record, failing if the file ends instead. */
  public <T extends MessageLite> T require(Parser<T> parser, String what) throws IOException {
    long start = offset;
    T record = next(parser);
    if (record == null) {
      throw new ImageFormatException(file, start, "file ends where " + what + " should be");
    }
    return record;
  }

  /** Checks that no record follows. */
  public void expectEnd() throws IOException {
    long start = offset;
    if (in.read() >= 0) {
      throw new ImageFormatException(file, start, "unexpected data after the last record");
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(String.format("%02x", b & 0xff));
    }
    return sb.toString();
  }
}
