package dev.predump.agent.kernel;

/** A file descriptor this package opened, with the path it names in errors; closed once. */
abstract class OpenFile implements AutoCloseable {

  private final String path;
  private int fd;

  OpenFile(String path, int fd) {
    this.path = path;
    this.fd = fd;
  }

  String path() {
    return path;
  }

  /** The descriptor; throws once closed, so a stale one is never passed to the kernel. */
  int descriptor() {
    if (fd < 0) {
      throw new IllegalStateException(path + " is closed");
    }
    return fd;
  }

  @Override
  public void close() {
    if (fd >= 0) {
      LibC.close(fd);
      fd = -1;
    }
  }

  @Override
  public String toString() {
    return path;
  }
}
