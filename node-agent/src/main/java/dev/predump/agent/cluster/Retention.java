package dev.predump.agent.cluster;

import dev.predump.api.v1alpha1.OnDelete;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.image.ImageChain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The agent's part of deleting a PreDump, once its rounds stopped and its cgroups are thawed: apply
 * {@code spec.retention.onDelete} to the image directory, then remove the agent's finalizer.
 */
final class Retention {
  private static final Logger LOG = Logger.getLogger(Retention.class.getName());

  private Retention() {}

  /** Applies onDelete and removes the finalizer; idempotent. */
  static void release(AgentContext ctx, PreDump seen) {
    String ns = seen.getMetadata().getNamespace();
    String name = seen.getMetadata().getName();
    // spec.retention may have changed since the run started: the latest version decides.
    PreDump latest = ctx.api().get(ns, name);
    PreDump pd = latest != null ? latest : seen;
    Path image = PreDumpRun.imageDir(ctx.settings().storageRoot(), ns, name);
    if (onDelete(pd) == OnDelete.Delete) {
      try {
        ImageChain.delete(image);
        LOG.info(String.format("PreDump %s/%s: deleted its images %s", ns, name, image));
      } catch (IOException e) {
        // Keep the finalizer: the operator's release bound reports the images as orphaned.
        LOG.warning(String.format("PreDump %s/%s: images %s not deleted: %s", ns, name, image, e));
        return;
      }
    } else {
      LOG.info(String.format("PreDump %s/%s: retained its images %s", ns, name, image));
    }
    ctx.api().removeFinalizer(ns, name, PreDumpMetadata.AGENT_FINALIZER);
  }

  static OnDelete onDelete(PreDump pd) {
    if (pd.getSpec() == null
        || pd.getSpec().getRetention() == null
        || pd.getSpec().getRetention().getOnDelete() == null) {
      return OnDelete.Delete;
    }
    return pd.getSpec().getRetention().getOnDelete();
  }
}
