package dev.predump.agent.cluster;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/** Tells a full or read-only image storage apart from other I/O errors. */
final class StorageErrors {
  private StorageErrors() {}

  /** A chain directory that cannot be created: the storage is not writable there. */
  static final class NotWritable extends IOException {
    NotWritable(Path chain, FileSystemException cause) {
      super(
          "image storage not writable: cannot create "
              + chain
              + ": "
              + (cause.getReason() != null ? cause.getReason() : cause.getClass().getSimpleName())
              + (cause.getFile() != null && !cause.getFile().equals(chain.toString())
                  ? " (" + cause.getFile() + ")"
                  : ""),
          cause);
    }
  }

  /**
   * Whether {@code e} or one of its causes is ENOSPC, EDQUOT or EROFS, or a chain directory that
   * could not be created: the API's StorageFull ("full or not writable").
   */
  static boolean isStorageFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NotWritable) {
        return true;
      }
      String text =
          t instanceof FileSystemException fs && fs.getReason() != null
              ? fs.getReason()
              : String.valueOf(t.getMessage());
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.contains("no space left")
          || lower.contains("disk quota exceeded")
          || lower.contains("read-only file system")) {
        return true;
      }
    }
    return false;
  }
}
