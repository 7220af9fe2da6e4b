package dev.predump.image;

import dev.predump.image.proto.InventoryEntry;
import dev.predump.image.proto.RoundManifest;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/** One committed round directory, opened for reading: its records and its pages files. */
public final class RoundImage implements Closeable {
  private final Path dir;
  private final RoundManifest manifest;
  private final InventoryEntry inventory;
  private final Map<Integer, Pagemap> pagemaps;
  private final Map<Integer, FileChannel> pages;

  private RoundImage(
      Path dir,
      RoundManifest manifest,
      InventoryEntry inventory,
      Map<Integer, Pagemap> pagemaps,
      Map<Integer, FileChannel> pages) {
    this.dir = dir;
    this.manifest = manifest;
    this.inventory = inventory;
    this.pagemaps = Collections.unmodifiableMap(pagemaps);
    this.pages = pages;
  }

  /**
   * Opens a committed round: its name must be its round number, and its manifest must say so.
   *
   * @throws ImageFormatException when a record is malformed, a pages file is missing or shorter
   *     than its pagemap says, or the dir is not a committed round (a temporary dir of a writer
   *     that never finished, for instance)
   */
  public static RoundImage open(Path dir) throws IOException {
    Path manifestFile = dir.resolve(ImageLayout.MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new ImageFormatException(dir, -1, "incomplete round: no " + ImageLayout.MANIFEST);
    }
    RoundManifest manifest = Manifests.read(manifestFile);
    OptionalInt named = ImageLayout.roundNumber(dir);
    if (named.isEmpty() || named.getAsInt() != manifest.getRound()) {
      throw new ImageFormatException(
          dir,
          -1,
          "not a committed round: the manifest says round "
              + manifest.getRound()
              + " but the directory is named "
              + dir.getFileName());
    }
    InventoryEntry inventory = Manifests.readInventory(dir.resolve(ImageLayout.INVENTORY));
    Map<Integer, Pagemap> pagemaps = new TreeMap<>();
    Map<Integer, FileChannel> pages = new TreeMap<>();
    try {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "pagemap-*.img")) {
        for (Path file : entries) {
          OptionalInt pid = ImageLayout.pagemapPid(file);
          if (pid.isPresent()) {
            pagemaps.put(pid.getAsInt(), Pagemap.read(file));
          }
        }
      }
      for (Map.Entry<Integer, Pagemap> e : pagemaps.entrySet()) {
        pages.put(e.getKey(), openPages(dir, e.getValue()));
      }
    } catch (IOException | RuntimeException e) {
      for (FileChannel channel : pages.values()) {
        channel.close();
      }
      throw e;
    }
    return new RoundImage(dir, manifest, inventory, pagemaps, pages);
  }

  private static FileChannel openPages(Path dir, Pagemap pagemap) throws IOException {
    Path file = dir.resolve(ImageLayout.pagesName(pagemap.pagesId()));
    if (!Files.isRegularFile(file)) {
      throw new ImageFormatException(
          pagemap.file(), -1, "its pages file " + file.getFileName() + " is missing");
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    long expected = pagemap.presentPages() * ImageLayout.PAGE_SIZE;
    if (channel.size() < expected) {
      long size = channel.size();
      channel.close();
      throw new ImageFormatException(
          file,
          size,
          "pages file is " + size + " bytes, its pagemap's present entries need " + expected);
    }
    return channel;
  }

  public Path dir() {
    return dir;
  }

  public int round() {
    return manifest.getRound();
  }

  public RoundManifest manifest() {
    return manifest;
  }

  public InventoryEntry inventory() {
    return inventory;
  }

  /** Namespace pids with a pagemap in this round, ascending. */
  public Set<Integer> pids() {
    return pagemaps.keySet();
  }

  /** The pagemap of one process of this round. */
  public Optional<Pagemap> pagemap(int nsPid) {
    return Optional.ofNullable(pagemaps.get(nsPid));
  }

  /** Fills {@code dst} from the pages file of {@code nsPid}, starting at byte {@code position}. */
  void readPages(int nsPid, long position, ByteBuffer dst) throws IOException {
    FileChannel channel = pages.get(nsPid);
    long at = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, at);
      if (n < 0) {
        Path file = dir.resolve(ImageLayout.pagesName(pagemaps.get(nsPid).pagesId()));
        throw new ImageFormatException(file, at, "pages file ends early");
      }
      at += n;
    }
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (FileChannel channel : pages.values()) {
      try {
        channel.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "round " + round() + " at " + dir;
  }
}
