package dev.predump.image;

import dev.predump.image.VerificationReport.Problem;
import dev.predump.image.proto.FileChecksum;
import dev.predump.image.proto.ProcessImage;
import dev.predump.image.proto.RoundManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/** Checks a round's files against its manifest: sizes, checksums, nothing missing or extra. */
final class ManifestCheck {
  private ManifestCheck() {}

  static void checkFiles(Path dir, RoundManifest manifest, List<Problem> problems) {
    Path manifestFile = dir.resolve(ImageLayout.MANIFEST);
    Set<String> listed = new HashSet<>();
    for (FileChecksum expected : manifest.getFilesList()) {
      String name = expected.getName();
      listed.add(name);
      if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
        problems.add(new Problem(manifestFile, -1, "lists a file outside the round: " + name));
        continue;
      }
      checkFile(dir.resolve(name), expected, problems);
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        boolean regular = Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
        if (regular && !name.equals(ImageLayout.MANIFEST) && !listed.contains(name)) {
          problems.add(new Problem(entry, -1, "not listed in the manifest"));
        } else if (!regular && ImageLayout.isImageFile(name)) {
          problems.add(new Problem(entry, -1, "image file is not a regular file"));
        }
      }
    } catch (IOException e) {
      problems.add(new Problem(dir, -1, "cannot list: " + e));
    }
  }

  private static void checkFile(Path file, FileChecksum expected, List<Problem> problems) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(new Problem(file, -1, "listed in the manifest but missing"));
      return;
    }
    if (!expected.getAlgorithm().equals(RoundRecords.CRC32C)) {
      problems.add(new Problem(file, -1, "unknown checksum algorithm " + expected.getAlgorithm()));
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size != expected.getSize()) {
        problems.add(
            new Problem(
                file,
                Math.min(size, expected.getSize()),
                "size is " + size + " bytes, the manifest says " + expected.getSize()));
        return;
      }
      CRC32C crc = new CRC32C();
      ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        crc.update(buffer);
        buffer.clear();
      }
      if (crc.getValue() != expected.getValue()) {
        problems.add(
            new Problem(
                file,
                -1,
                String.format(
                    "crc32c is %08x, the manifest says %08x: the file changed after it was written",
                    crc.getValue(), expected.getValue())));
      }
    } catch (IOException e) {
      problems.add(new Problem(file, -1, "cannot read: " + e));
    }
  }

  /** The manifest's processes against the pagemaps found in the round. */
  static void checkProcesses(
      Path dir,
      RoundManifest manifest,
      Map<Integer, PagemapCheck.Result> pagemaps,
      List<Problem> problems) {
    Path manifestFile = dir.resolve(ImageLayout.MANIFEST);
    Set<Integer> described = new HashSet<>();
    for (ProcessImage process : manifest.getProcessesList()) {
      int pid = process.getNsPid();
      described.add(pid);
      PagemapCheck.Result pagemap = pagemaps.get(pid);
      String who = "process ns pid " + pid;
      if (pagemap == null) {
        problems.add(
            new Problem(
                manifestFile, -1, who + ": its " + ImageLayout.pagemapName(pid) + " is missing"));
        continue;
      }
      if (pagemap.pagesId() >= 0
          && pagemap.pagesId() != Integer.toUnsignedLong(process.getPagesId())) {
        problems.add(
            new Problem(
                pagemap.file(),
                -1,
                "pages_id "
                    + pagemap.pagesId()
                    + " differs from the manifest's "
                    + Integer.toUnsignedString(process.getPagesId())));
      }
      if (process.getPagesPresent() != pagemap.presentPages()
          || process.getPagesParent() != pagemap.parentPages()) {
        problems.add(
            new Problem(
                manifestFile,
                -1,
                who
                    + ": the manifest counts "
                    + process.getPagesPresent()
                    + " present and "
                    + process.getPagesParent()
                    + " parent pages, the pagemap holds "
                    + pagemap.presentPages()
                    + " and "
                    + pagemap.parentPages()));
      }
    }
    for (int pid : pagemaps.keySet()) {
      if (!described.contains(pid)) {
        problems.add(
            new Problem(pagemaps.get(pid).file(), -1, "process not described in the manifest"));
      }
    }
  }
}
