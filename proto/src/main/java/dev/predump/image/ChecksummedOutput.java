package dev.predump.image;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/** Counts and checksums the bytes on their way to a file, so no file is ever read back. */
final class ChecksummedOutput extends FilterOutputStream {
  private final CRC32C crc = new CRC32C();
  private long size;

  ChecksummedOutput(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    crc.update(b);
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    crc.update(b, off, len);
    size += len;
  }

  long size() {
    return size;
  }

  long crc() {
    return crc.getValue();
  }
}
