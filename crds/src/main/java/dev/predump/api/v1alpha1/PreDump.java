package dev.predump.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A request to pre-copy the memory of a running pod's containers into a CRIU image chain, round
 * after round, until the stop rule in {@link PreDumpSpec#getRounds()} ends it.
 *
 * <p>The operator resolves the spec and drives {@link PreDumpStatus#getPhase()}; the node agent of
 * the pod's node runs the rounds. Deleting a PreDump cancels it.
 */
@Group(PreDump.GROUP)
@Version(PreDump.VERSION)
@Kind(PreDump.KIND)
@Plural(PreDump.PLURAL)
@Singular(PreDump.SINGULAR)
@ShortNames(PreDump.SHORT_NAME)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.nodeName", type = Type.STRING)
@AdditionalPrinterColumn(name = "Rounds", jsonPath = ".status.latestRound", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Dirty",
    jsonPath = ".status.latestRoundDirtyBytes",
    type = Type.INTEGER,
    getDescription = "Bytes dirtied during the latest round")
@AdditionalPrinterColumn(
    name = "Est. Final",
    jsonPath = ".status.estimatedFinalDumpBytes",
    type = Type.INTEGER,
    getDescription = "Estimated bytes a final dump would write now")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class PreDump extends CustomResource<PreDumpSpec, PreDumpStatus> implements Namespaced {

  /** API group. */
  public static final String GROUP = "predump.dev";

  /** API version. */
  public static final String VERSION = "v1alpha1";

  /** {@code apiVersion} of PreDump objects. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Kind. */
  public static final String KIND = "PreDump";

  /** Resource name in URLs and RBAC rules. */
  public static final String PLURAL = "predumps";

  /** Singular resource name. */
  public static final String SINGULAR = "predump";

  /** {@code kubectl get pd}. */
  public static final String SHORT_NAME = "pd";

  /** Name of the CustomResourceDefinition. */
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** File name of the generated CRD, checked in at {@code crds/} and in the Helm chart. */
  public static final String CRD_FILE = CRD_NAME + "-v1.yml";

  /** Classpath location of the checked-in CRD in the crds jar (for tests that create it). */
  public static final String CRD_RESOURCE = "/META-INF/predump/" + CRD_FILE;

  /** Creates an empty PreDump (for Jackson and builders). */
  public PreDump() {}

  /** Creates a PreDump with the given spec and no status. */
  public PreDump(PreDumpSpec spec) {
    setSpec(spec);
  }

  @Override
  @Required
  @JsonPropertyDescription("What to pre-copy and how. Set by the user.")
  public PreDumpSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Progress and outcome. The operator and the node agent each own some of these fields"
          + " (each description says which) and patch only their own.")
  public PreDumpStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected PreDumpSpec initSpec() {
    return new PreDumpSpec();
  }
}
