package dev.predump.image;

import dev.predump.image.VerificationReport.Problem;
import dev.predump.image.proto.InventoryEntry;
import dev.predump.image.proto.RoundManifest;
import dev.predump.image.proto.StatsEntry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** Checks one round directory on its own; {@link ChainVerifier} checks how the levels fit. */
final class RoundVerifier {
  /**
   * What one level holds, as far as it could be read.
   *
   * @param parent the parent round dir, when the link exists and points at a directory
   */
  record Level(Path dir, Map<Integer, PagemapCheck.Result> pagemaps, Optional<Path> parent) {}

  private RoundVerifier() {}

  static Level verify(Path dir, List<Problem> problems) {
    Optional<RoundManifest> manifest = readManifest(dir, problems);
    checkInventory(dir.resolve(ImageLayout.INVENTORY), problems);
    checkStats(dir.resolve(ImageLayout.STATS), problems);
    Map<Integer, PagemapCheck.Result> pagemaps = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "pagemap-*.img")) {
      for (Path file : entries) {
        OptionalInt pid = ImageLayout.pagemapPid(file);
        if (pid.isPresent()) {
          pagemaps.put(pid.getAsInt(), PagemapCheck.check(file, pid.getAsInt(), problems));
        }
      }
    } catch (IOException e) {
      problems.add(new Problem(dir, -1, "cannot list: " + e));
    }
    if (manifest.isPresent()) {
      ManifestCheck.checkFiles(dir, manifest.get(), problems);
      ManifestCheck.checkProcesses(dir, manifest.get(), pagemaps, problems);
    }
    Optional<Path> parent = checkParentLink(dir, manifest, problems);
    return new Level(dir, pagemaps, parent);
  }

  private static Optional<RoundManifest> readManifest(Path dir, List<Problem> problems) {
    Path file = dir.resolve(ImageLayout.MANIFEST);
    if (!Files.isRegularFile(file)) {
      problems.add(new Problem(file, -1, "missing: the round is incomplete"));
      return Optional.empty();
    }
    try {
      RoundManifest manifest = Manifests.read(file);
      OptionalInt named = ImageLayout.roundNumber(dir);
      if (named.isEmpty() || named.getAsInt() != manifest.getRound()) {
        problems.add(
            new Problem(
                file,
                -1,
                "says round "
                    + manifest.getRound()
                    + " but the directory is "
                    + dir.getFileName()));
      }
      return Optional.of(manifest);
    } catch (ImageFormatException e) {
      problems.add(new Problem(e.file(), e.offset(), e.problem()));
    } catch (IOException e) {
      problems.add(new Problem(file, -1, "cannot read: " + e));
    }
    return Optional.empty();
  }

  private static void checkInventory(Path file, List<Problem> problems) {
    if (!Files.isRegularFile(file)) {
      problems.add(new Problem(file, -1, "missing"));
      return;
    }
    try (RecordReader reader = RecordReader.open(file, ImageMagic.INVENTORY)) {
      InventoryEntry inventory = reader.require(InventoryEntry.parser(), "the inventory record");
      reader.expectEnd();
      if (inventory.getImgVersion() != 0) {
        problems.add(
            new Problem(
                file, -1, "img_version is " + inventory.getImgVersion() + ", a pre-dump has 0"));
      }
      if (!inventory.hasDumpUptime()) {
        problems.add(
            new Problem(
                file, -1, "dump_uptime missing: a later criu dump would abort on pid-reuse check"));
      }
    } catch (ImageFormatException e) {
      problems.add(new Problem(e.file(), e.offset(), e.problem()));
    } catch (IOException e) {
      problems.add(new Problem(file, -1, "cannot read: " + e));
    }
  }

  private static void checkStats(Path file, List<Problem> problems) {
    // stats-dump is optional in CRIU; when the manifest lists it, its absence is reported there.
    if (!Files.exists(file)) {
      return;
    }
    try (RecordReader reader = RecordReader.open(file, ImageMagic.STATS)) {
      reader.require(StatsEntry.parser(), "the stats record");
      reader.expectEnd();
    } catch (ImageFormatException e) {
      problems.add(new Problem(e.file(), e.offset(), e.problem()));
    } catch (IOException e) {
      problems.add(new Problem(file, -1, "cannot read: " + e));
    }
  }

  private static Optional<Path> checkParentLink(
      Path dir, Optional<RoundManifest> manifest, List<Problem> problems) {
    Path link = dir.resolve(ImageLayout.PARENT);
    boolean exists = Files.exists(link, LinkOption.NOFOLLOW_LINKS);
    boolean named = manifest.isPresent() && manifest.get().hasParent();
    if (!exists) {
      if (named) {
        problems.add(
            new Problem(
                link, -1, "missing, but the manifest names parent " + manifest.get().getParent()));
      }
      return Optional.empty();
    }
    if (!Files.isSymbolicLink(link)) {
      problems.add(new Problem(link, -1, "not a symbolic link"));
      return Optional.empty();
    }
    try {
      Path target = Files.readSymbolicLink(link);
      if (manifest.isPresent() && !named) {
        problems.add(new Problem(link, -1, "exists, but the manifest names no parent"));
      } else if (named && !target.toString().equals(manifest.get().getParent())) {
        problems.add(
            new Problem(
                link,
                -1,
                "points to " + target + ", the manifest names " + manifest.get().getParent()));
      }
      Path parentDir = dir.resolve(target).normalize();
      if (!Files.isDirectory(parentDir)) {
        problems.add(new Problem(link, -1, "dangling parent link: " + target + " does not exist"));
        return Optional.empty();
      }
      return Optional.of(parentDir);
    } catch (IOException e) {
      problems.add(new Problem(link, -1, "cannot read: " + e));
      return Optional.empty();
    }
  }
}
