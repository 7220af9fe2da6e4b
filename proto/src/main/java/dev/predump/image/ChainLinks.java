package dev.predump.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves the two links of a chain: {@code latest} in the chain dir, {@code parent} in a round.
 */
final class ChainLinks {
  private ChainLinks() {}

  /**
   * The round dir that {@code dir} stands for: itself when it holds a manifest, else the target of
   * its {@code latest} link.
   */
  static Path topRound(Path given) throws IOException {
    // Absolute, so that "." or "x/.." still carry the round's name.
    Path dir = given.toAbsolutePath().normalize();
    if (Files.isRegularFile(dir.resolve(ImageLayout.MANIFEST))) {
      return dir;
    }
    Path latest = dir.resolve(ImageLayout.LATEST);
    if (Files.isSymbolicLink(latest)) {
      Path target = dir.resolve(Files.readSymbolicLink(latest)).normalize();
      if (!Files.isDirectory(target)) {
        throw new ImageFormatException(latest, -1, "latest points to missing round " + target);
      }
      return target;
    }
    if (!Files.isDirectory(dir)) {
      throw new ImageFormatException(dir, -1, "no such directory");
    }
    throw new ImageFormatException(
        dir,
        -1,
        "neither a complete round (no "
            + ImageLayout.MANIFEST
            + ") nor a chain (no "
            + ImageLayout.LATEST
            + " link)");
  }

  /** The round dir a round's {@code parent} link names, or empty when it has no such link. */
  static Optional<Path> parentOf(Path roundDir) throws IOException {
    Path link = roundDir.resolve(ImageLayout.PARENT);
    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isSymbolicLink(link)) {
      throw new ImageFormatException(link, -1, "parent is not a symbolic link");
    }
    Path target = roundDir.resolve(Files.readSymbolicLink(link)).normalize();
    if (!Files.isDirectory(target)) {
      throw new ImageFormatException(
          link, -1, "dangling parent link: " + Files.readSymbolicLink(link) + " does not exist");
    }
    return Optional.of(target);
  }
}
