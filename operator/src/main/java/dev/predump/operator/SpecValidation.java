package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpRules;
import dev.predump.api.v1alpha1.PreDumpSpecValidator;
import dev.predump.api.v1alpha1.PreDumpSpecValidator.Violation;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.TargetContainer;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-checks a PreDump's spec as the API server would (the rules of the CRD, through {@link
 * PreDumpSpecValidator}) plus the immutability of the target against what the operator resolved at
 * dispatch, for API servers that enforce neither. Pure.
 */
public final class SpecValidation {

  private SpecValidation() {}

  /** The broken rules; empty when the spec is valid. */
  public static List<Violation> violations(PreDump preDump) {
    List<Violation> out = new ArrayList<>(PreDumpSpecValidator.validate(preDump.getSpec()));
    PreDumpStatus status = preDump.getStatus();
    if (out.isEmpty() && status != null && status.getPhase() == PreDumpPhase.Running) {
      String pinned = preDump.getSpec().getPodUID();
      if (pinned != null && status.getPodUID() != null && !pinned.equals(status.getPodUID())) {
        out.add(new Violation("spec.podUID", PreDumpRules.POD_UID_IMMUTABLE));
      }
      List<String> chosen = preDump.getSpec().getContainers();
      List<String> resolved =
          status.getContainers().stream().map(TargetContainer::getName).toList();
      if (!chosen.isEmpty() && !resolved.isEmpty() && !chosen.equals(resolved)) {
        out.add(new Violation("spec.containers", PreDumpRules.CONTAINERS_IMMUTABLE));
      }
    }
    return out;
  }
}
