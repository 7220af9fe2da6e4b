package dev.predump.api.v1alpha1;

/**
 * The validation rules of the PreDump API in one place: patterns, bounds, defaults and the messages
 * of the CEL rules. The CRD's annotations and {@link PreDumpSpecValidator} both read these
 * constants, so the API server and the Java check say the same thing.
 */
public final class PreDumpRules {

  /** A pod name: a DNS-1123 subdomain. */
  public static final String DNS1123_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A container name: a DNS-1123 label. */
  public static final String DNS1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A Kubernetes UID as the API server assigns it (lower-case RFC 4122 text form). */
  public static final String UID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

  /**
   * A duration as Go's {@code time.ParseDuration} and CEL's {@code duration()} read it, restricted
   * to non-negative values with a unit on every number: {@code 250ms}, {@code 5m}, {@code 1h30m},
   * {@code 1.5s}. See {@link Durations}.
   */
  public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";

  /** Longest pod name. */
  public static final int POD_NAME_MAX_LENGTH = 253;

  /** Longest container name. */
  public static final int CONTAINER_NAME_MAX_LENGTH = 63;

  /** Most containers one PreDump may name (a pod rarely has more than a handful). */
  public static final int CONTAINERS_MAX_ITEMS = 64;

  /** Longest duration string; bounds the cost of the CEL rules that parse it. */
  public static final int DURATION_MAX_LENGTH = 32;

  /** Default of {@code spec.rounds.max}. */
  public static final int ROUNDS_MAX_DEFAULT = 8;

  /** Least value of {@code spec.rounds.max}. */
  public static final int ROUNDS_MAX_MIN = 1;

  /** Greatest value of {@code spec.rounds.max}. */
  public static final int ROUNDS_MAX_MAX = 100;

  /** Default of {@code spec.rounds.interval}: the next round starts at once. */
  public static final String INTERVAL_DEFAULT = "0s";

  /** Greatest value of {@code spec.rounds.interval}. */
  public static final String INTERVAL_MAX = "1h";

  /** Default of {@code spec.rounds.convergeBelow}: 64 MiB. */
  public static final long CONVERGE_BELOW_DEFAULT = 64L * 1024 * 1024;

  /** Default of {@code spec.rounds.maxGrowthPercent}. */
  public static final int MAX_GROWTH_PERCENT_DEFAULT = 20;

  /** Greatest value of {@code spec.rounds.maxGrowthPercent}. */
  public static final int MAX_GROWTH_PERCENT_MAX = 1000;

  /** Default of {@code spec.freezeBudget}. */
  public static final String FREEZE_BUDGET_DEFAULT = "100ms";

  /** Least value of {@code spec.freezeBudget}. */
  public static final String FREEZE_BUDGET_MIN = "1ms";

  /** Greatest value of {@code spec.freezeBudget}. */
  public static final String FREEZE_BUDGET_MAX = "5s";

  /** Default of {@code spec.timeout}. */
  public static final String TIMEOUT_DEFAULT = "30m";

  /** Least value of {@code spec.timeout}. */
  public static final String TIMEOUT_MIN = "10s";

  /** Greatest value of {@code spec.timeout}. */
  public static final String TIMEOUT_MAX = "24h";

  // CEL rules. Each expression has its message; PreDumpSpecValidator reports the same message.

  /** Transition rule of the immutable fields. */
  public static final String IMMUTABLE = "self == oldSelf";

  /** Message when {@code spec.podName} changes. */
  public static final String POD_NAME_IMMUTABLE = "podName is immutable";

  /** Message when {@code spec.podUID} changes. */
  public static final String POD_UID_IMMUTABLE = "podUID is immutable";

  /** Spec rule: podUID cannot be added or removed after creation. */
  public static final String POD_UID_PRESENCE_RULE = "has(self.podUID) == has(oldSelf.podUID)";

  /** Message when {@code spec.podUID} is added or removed. */
  public static final String POD_UID_PRESENCE = "podUID cannot be added or removed";

  /** Message when {@code spec.containers} changes. */
  public static final String CONTAINERS_IMMUTABLE = "containers is immutable";

  /** Spec rule: containers cannot be added or removed after creation. */
  public static final String CONTAINERS_PRESENCE_RULE =
      "(has(self.containers) && size(self.containers) > 0)"
          + " == (has(oldSelf.containers) && size(oldSelf.containers) > 0)";

  /** Message when {@code spec.containers} is added or removed. */
  public static final String CONTAINERS_PRESENCE =
      "containers cannot change from empty (all containers) to a list or back";

  /** Message when {@code spec.tracking} changes. */
  public static final String TRACKING_IMMUTABLE = "tracking is immutable";

  /** Rule: every container is named once. */
  public static final String CONTAINERS_UNIQUE_RULE = "self.all(c, self.exists_one(d, d == c))";

  /** Message when a container is named twice. */
  public static final String CONTAINERS_UNIQUE = "containers must not repeat a name";

  /** Rule on {@code spec.rounds.interval}. */
  public static final String INTERVAL_RULE = "duration(self) <= duration('" + INTERVAL_MAX + "')";

  /** Message of {@link #INTERVAL_RULE}. */
  public static final String INTERVAL_RANGE = "interval must be at most " + INTERVAL_MAX;

  /** Rule on {@code spec.freezeBudget}. */
  public static final String FREEZE_BUDGET_RULE =
      "duration(self) >= duration('"
          + FREEZE_BUDGET_MIN
          + "') && duration(self) <= duration('"
          + FREEZE_BUDGET_MAX
          + "')";

  /** Message of {@link #FREEZE_BUDGET_RULE}. */
  public static final String FREEZE_BUDGET_RANGE =
      "freezeBudget must be between " + FREEZE_BUDGET_MIN + " and " + FREEZE_BUDGET_MAX;

  /** Rule on {@code spec.timeout}. */
  public static final String TIMEOUT_RULE =
      "duration(self) >= duration('"
          + TIMEOUT_MIN
          + "') && duration(self) <= duration('"
          + TIMEOUT_MAX
          + "')";

  /** Message of {@link #TIMEOUT_RULE}. */
  public static final String TIMEOUT_RANGE =
      "timeout must be between " + TIMEOUT_MIN + " and " + TIMEOUT_MAX;

  /** Spec rule: the pause between rounds leaves time for rounds. */
  public static final String INTERVAL_BELOW_TIMEOUT_RULE =
      "!has(self.rounds) || !has(self.rounds.interval) || !has(self.timeout)"
          + " || duration(self.rounds.interval) < duration(self.timeout)";

  /** Message of {@link #INTERVAL_BELOW_TIMEOUT_RULE}. */
  public static final String INTERVAL_BELOW_TIMEOUT =
      "rounds.interval must be shorter than timeout";

  private PreDumpRules() {}
}
