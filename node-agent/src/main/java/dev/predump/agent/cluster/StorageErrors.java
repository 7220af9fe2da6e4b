package dev.predump.agent.cluster;

import java.nio.file.FileSystemException;
import java.util.Locale;

/** Tells a full or read-only image storage apart from other I/O errors. */
final class StorageErrors {
  private StorageErrors() {}

  /** Whether {@code e} or one of its causes is ENOSPC, EDQUOT or EROFS. */
  static boolean isStorageFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
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
