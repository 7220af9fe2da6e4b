package dev.predump.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/** The file-system side of a chain directory: private files, durable renames, the latest link. */
final class ChainDirectory {
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

  private static final SecureRandom RANDOM = new SecureRandom();

  private ChainDirectory() {}

  /** Creates {@code dir} and any missing parents with mode 0700; existing ones keep theirs. */
  static void createPrivateDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    List<Path> missing = new ArrayList<>();
    for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      createPrivateDirectory(p);
      // A chain dir that vanishes in a crash would take its committed rounds with it.
      fsyncDirectory(p.getParent());
    }
  }

  /** Creates one directory with mode 0700, whatever the umask. */
  static void createPrivateDirectory(Path dir) throws IOException {
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
    // The umask can only remove bits, but set the mode anyway so that it is exact.
    Files.setPosixFilePermissions(dir, DIR_MODE);
  }

  /** Creates a new file with mode 0600 and opens it for writing. */
  static FileChannel createPrivateFile(Path file) throws IOException {
    return createPrivateFile(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
  }

  /**
   * Creates a new file with mode 0600 and opens it with {@code options} (CREATE_NEW among them).
   */
  static FileChannel createPrivateFile(Path file, Set<? extends OpenOption> options)
      throws IOException {
    FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(FILE_MODE);
    FileChannel channel = FileChannel.open(file, options, mode);
    try {
      Files.setPosixFilePermissions(file, FILE_MODE);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  /** Makes a directory's entries durable: fsync on the directory itself. */
  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** A fresh random suffix for temporary names. */
  static String randomSuffix() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Points {@code latest} at {@code round}, atomically: a new link under a temporary name renamed
   * over the old one, so readers see either the old or the new target, never no link. A newer round
   * that already is latest stays latest.
   */
  static void pointLatest(Path chainDir, int round) throws IOException {
    Path latest = chainDir.resolve(ImageLayout.LATEST);
    OptionalInt current = latestRound(chainDir);
    if (current.isPresent()
        && current.getAsInt() > round
        && Files.isDirectory(chainDir.resolve(ImageLayout.roundName(current.getAsInt())))) {
      return;
    }
    Path temporary = chainDir.resolve(".latest.partial-" + randomSuffix());
    Files.createSymbolicLink(temporary, Path.of(ImageLayout.roundName(round)));
    try {
      Files.move(temporary, latest, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    fsyncDirectory(chainDir);
  }

  /** The round {@code latest} names, if it is a link to a round name. */
  static OptionalInt latestRound(Path chainDir) throws IOException {
    Path latest = chainDir.resolve(ImageLayout.LATEST);
    if (!Files.isSymbolicLink(latest)) {
      return OptionalInt.empty();
    }
    return ImageLayout.roundNumber(Files.readSymbolicLink(latest));
  }

  /** Deletes temporary round dirs and latest links left by writers that never finished. */
  static List<Path> removeUnfinished(Path chainDir) throws IOException {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(chainDir)) {
      return removed;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(chainDir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (ImageLayout.PARTIAL_ROUND_NAME.matcher(name).matches()
            && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(entry);
          removed.add(entry);
        } else if (ImageLayout.PARTIAL_LATEST_NAME.matcher(name).matches()) {
          Files.deleteIfExists(entry);
          removed.add(entry);
        }
      }
    }
    if (!removed.isEmpty()) {
      fsyncDirectory(chainDir);
    }
    removed.sort(null);
    return removed;
  }

  /** Deletes a directory tree without following symlinks; a tree already gone is fine. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw exc;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null && !(exc instanceof NoSuchFileException)) {
              throw exc;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
