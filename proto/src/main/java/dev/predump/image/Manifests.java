package dev.predump.image;

import dev.predump.image.proto.InventoryEntry;
import dev.predump.image.proto.RoundManifest;
import java.io.IOException;
import java.nio.file.Path;

/** Reads the single-record files of a round: manifest and inventory. */
final class Manifests {
  private Manifests() {}

  static RoundManifest read(Path file) throws IOException {
    try (RecordReader reader = RecordReader.open(file, ImageMagic.MANIFEST)) {
      RoundManifest manifest = reader.require(RoundManifest.parser(), "the manifest record");
      reader.expectEnd();
      if (manifest.getFormatVersion() > RoundRecords.MANIFEST_FORMAT_VERSION) {
        throw new ImageFormatException(
            file,
            -1,
            "manifest format version "
                + manifest.getFormatVersion()
                + " is newer than this reader's "
                + RoundRecords.MANIFEST_FORMAT_VERSION);
      }
      return manifest;
    }
  }

  static InventoryEntry readInventory(Path file) throws IOException {
    try (RecordReader reader = RecordReader.open(file, ImageMagic.INVENTORY)) {
      InventoryEntry inventory = reader.require(InventoryEntry.parser(), "the inventory record");
      reader.expectEnd();
      return inventory;
    }
  }
}
