package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.TargetContainer;
import java.util.List;

/** What {@link TargetResolver} found for a PreDump's pod: a target, or why there is none. */
public sealed interface Resolution {

  /**
   * The pod runs and every chosen container runs.
   *
   * @param nodeName the pod's node
   * @param podUID the pod's UID
   * @param containers the chosen containers with their runtime IDs
   */
  record Resolved(String nodeName, String podUID, List<TargetContainer> containers)
      implements Resolution {}

  /**
   * No target now.
   *
   * @param reason why, for the conditions and Events
   * @param message what is wrong, naming the pod or container
   * @param permanent whether waiting cannot help (the PreDump fails at once)
   */
  record Unresolved(PreDumpReason reason, String message, boolean permanent)
      implements Resolution {}
}
