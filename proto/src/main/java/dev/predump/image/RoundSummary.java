package dev.predump.image;

import dev.predump.image.proto.RoundManifest;
import java.nio.file.Path;

/**
 * A committed round.
 *
 * @param dir the round directory, now visible under its final name
 * @param manifest the manifest written into it, stats included
 * @param pagesPresent pages whose data this round holds
 * @param pagesParent pages this round leaves in its parent
 * @param writeNanos time spent writing page data
 */
public record RoundSummary(
    Path dir, RoundManifest manifest, long pagesPresent, long pagesParent, long writeNanos) {

  public int round() {
    return manifest.getRound();
  }
}
