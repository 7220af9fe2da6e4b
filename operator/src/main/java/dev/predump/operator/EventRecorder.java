package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpReason;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events (core/v1) about PreDumps, each at most once per PreDump and key (a
 * round, an outcome, a waiting reason). The Event's name is derived from the PreDump's UID and the
 * key, so an operator restarted mid-run gets HTTP 409 for what it already recorded instead of a
 * duplicate; a set in memory spares the API calls in between.
 */
@ApplicationScoped
public class EventRecorder {

  /** The Event type. */
  public enum Type {
    /** Progress. */
    Normal,
    /** A failure or something a person should look at. */
    Warning
  }

  /** {@code source.component} and {@code reportingComponent} of the Events. */
  public static final String COMPONENT = "predump-operator";

  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;
  private final Set<String> recorded = ConcurrentHashMap.newKeySet();

  /** A recorder writing through {@code client}. */
  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Records the Event unless this PreDump already has one for {@code key}.
   *
   * @return whether it is new: true when it was created now (or could not be written for another
   *     reason than existing already, which is logged), false when it existed
   */
  public boolean once(
      PreDump preDump, String key, Type type, PreDumpReason reason, String message) {
    String uid = preDump.getMetadata().getUid();
    if (!recorded.add(uid + "/" + key)) {
      return false;
    }
    Event event = build(preDump, key, type, reason, message);
    try {
      client
          .v1()
          .events()
          .inNamespace(preDump.getMetadata().getNamespace())
          .resource(event)
          .create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      LOG.warnf(
          "Event %s about PreDump %s/%s was not recorded: %s",
          reason,
          preDump.getMetadata().getNamespace(),
          preDump.getMetadata().getName(),
          e.getMessage());
      return true;
    }
  }

  /** Drops what is remembered about a deleted PreDump. */
  public void forget(PreDump preDump) {
    String prefix = preDump.getMetadata().getUid() + "/";
    recorded.removeIf(k -> k.startsWith(prefix));
  }

  private Event build(
      PreDump preDump, String key, Type type, PreDumpReason reason, String message) {
    String now = clock.instant().toString();
    return new EventBuilder()
        .withNewMetadata()
        .withName(eventName(preDump, key))
        .withNamespace(preDump.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(PreDump.API_VERSION)
                .withKind(PreDump.KIND)
                .withNamespace(preDump.getMetadata().getNamespace())
                .withName(preDump.getMetadata().getName())
                .withUid(preDump.getMetadata().getUid())
                .withResourceVersion(preDump.getMetadata().getResourceVersion())
                .build())
        .withType(type.name())
        .withReason(reason.name())
        .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(System.getenv().getOrDefault("HOSTNAME", COMPONENT))
        .build();
  }

  /** {@code <predump>.<16 hex digits of sha256(uid/key)>}, at most 253 characters. */
  static String eventName(PreDump preDump, String key) {
    String name = preDump.getMetadata().getName();
    String prefix = name.length() > 236 ? name.substring(0, 236) : name;
    return prefix + "." + hash(preDump.getMetadata().getUid() + "/" + key);
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
