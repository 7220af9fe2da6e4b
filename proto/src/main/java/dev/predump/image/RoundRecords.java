package dev.predump.image;

import com.google.protobuf.MessageLite;
import dev.predump.image.proto.DumpStatsEntry;
import dev.predump.image.proto.FileChecksum;
import dev.predump.image.proto.InventoryEntry;
import dev.predump.image.proto.InventoryPlugins;
import dev.predump.image.proto.ProcessImage;
import dev.predump.image.proto.RoundManifest;
import dev.predump.image.proto.RoundStatsRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Builds and writes the records a round ends with: inventory, stats-dump, manifest. */
final class RoundRecords {
  /** Version of the manifest schema this library writes and reads. */
  static final int MANIFEST_FORMAT_VERSION = 1;

  /** Checksum algorithm recorded in every {@link FileChecksum}. */
  static final String CRC32C = "crc32c";

  /** CRIU's pre_dump_mode for reading through process_vm_readv (1 would be splice). */
  static final int PRE_DUMP_MODE_READ = 2;

  private static final long UINT32_MAX = 0xffff_ffffL;

  private RoundRecords() {}

  /** What a pre-dump's inventory must hold for a later CRIU dump to accept it as a parent. */
  static InventoryEntry inventory(long dumpUptimeMicros) {
    return InventoryEntry.newBuilder()
        .setImgVersion(0)
        .setDumpUptime(dumpUptimeMicros)
        .setPreDumpMode(PRE_DUMP_MODE_READ)
        .setPluginsEntry(InventoryPlugins.getDefaultInstance())
        .build();
  }

  /** CRIU's stats record; its times are uint32 microseconds, so longer ones saturate. */
  static DumpStatsEntry dumpStats(RoundStatsRecord stats) {
    return DumpStatsEntry.newBuilder()
        .setFreezingTime(clampUint32(stats.getFreezingTime()))
        .setFrozenTime(clampUint32(stats.getFrozenTime()))
        .setMemdumpTime(clampUint32(stats.getMemdumpTime()))
        .setMemwriteTime(clampUint32(stats.getMemwriteTime()))
        .setPagesScanned(stats.getPagesScanned())
        .setPagesSkippedParent(stats.getPagesSkippedParent())
        .setPagesWritten(stats.getPagesWritten())
        .build();
  }

  static RoundManifest manifest(
      RoundInfo info,
      List<ProcessImage> processes,
      List<FileChecksum> files,
      RoundStatsRecord stats,
      long createdUnixMillis) {
    RoundManifest.Builder manifest =
        RoundManifest.newBuilder()
            .setFormatVersion(MANIFEST_FORMAT_VERSION)
            .setRound(info.round())
            .setTracker(info.tracker())
            .setSource(info.source())
            .addAllProcesses(
                processes.stream().sorted(Comparator.comparingInt(ProcessImage::getNsPid)).toList())
            .addAllFiles(
                files.stream().sorted(Comparator.comparing(FileChecksum::getName)).toList())
            .setStats(stats)
            .setCreatedUnixMillis(createdUnixMillis)
            .setDumpUptime(info.dumpUptimeMicros());
    info.parentRound()
        .ifPresent(parent -> manifest.setParent(ImageLayout.parentLinkTarget(parent)));
    return manifest.build();
  }

  /** Writes a one-record file (mode 0600), fsyncs it, and returns its size and checksum. */
  static FileChecksum write(Path dir, String name, ImageMagic magic, MessageLite record)
      throws IOException {
    Path file = dir.resolve(name);
    try (FileChannel channel = ChainDirectory.createPrivateFile(file)) {
      ChecksummedOutput sum = new ChecksummedOutput(Channels.newOutputStream(channel));
      OutputStream out = new BufferedOutputStream(sum);
      ImageCodec.writeHeader(out, magic);
      ImageCodec.writeRecord(out, record);
      out.flush();
      channel.force(true);
      return FileChecksum.newBuilder()
          .setName(name)
          .setSize(sum.size())
          .setAlgorithm(RoundRecords.CRC32C)
          .setValue(sum.crc())
          .build();
    }
  }

  static int clampUint32(long value) {
    if (value < 0) {
      return 0;
    }
    return (int) Math.min(value, UINT32_MAX);
  }
}
