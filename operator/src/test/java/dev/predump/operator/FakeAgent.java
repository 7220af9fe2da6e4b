package dev.predump.operator;

import dev.predump.api.v1alpha1.AgentOutcome;
import dev.predump.api.v1alpha1.AgentResult;
import dev.predump.api.v1alpha1.DirtyTracker;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.api.v1alpha1.StatusPatch;
import dev.predump.api.v1alpha1.StatusWriter;
import dev.predump.api.v1alpha1.Timestamps;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A node agent played by the test: holds its node's Lease, adds and removes its finalizer and
 * writes only its own status fields with {@code StatusWriter.AGENT} merge patches.
 */
final class FakeAgent implements AutoCloseable {

  static final String AGENT_NS = "predump-system";

  private final KubernetesClient client;
  private final String node;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  FakeAgent(KubernetesClient client, String node) {
    this.client = client;
    this.node = node;
  }

  /** Creates or renews the node's Lease now. */
  FakeAgent renewLease() {
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName(AgentContract.leaseName(node))
            .withNamespace(AGENT_NS)
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity("agent-" + node)
            .withLeaseDurationSeconds(30)
            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
            .endSpec()
            .build();
    client.leases().inNamespace(AGENT_NS).resource(lease).createOr(l -> l.update());
    return this;
  }

  /** Renews the Lease every 300 ms until closed. */
  FakeAgent keepLease() {
    renewLease();
    timer.scheduleAtFixedRate(this::renewLease, 300, 300, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Writes a heartbeat for the PreDump every 300 ms until closed. */
  FakeAgent keepHeartbeat(String name) {
    timer.scheduleAtFixedRate(() -> heartbeat(name), 0, 300, TimeUnit.MILLISECONDS);
    return this;
  }

  void deleteLease() {
    client.leases().inNamespace(AGENT_NS).withName(AgentContract.leaseName(node)).delete();
  }

  /** Adds the agent finalizer, as the agent does when it starts work. */
  void accept(String name) {
    PreDump pd = get(name);
    List<String> finalizers = new ArrayList<>(pd.getMetadata().getFinalizers());
    finalizers.add(PreDumpMetadata.AGENT_FINALIZER);
    replaceFinalizers(name, finalizers);
  }

  /** Removes the agent finalizer, as the agent does after thawing and applying retention. */
  void release(String name) {
    PreDump pd = get(name);
    List<String> finalizers = new ArrayList<>(pd.getMetadata().getFinalizers());
    finalizers.remove(PreDumpMetadata.AGENT_FINALIZER);
    replaceFinalizers(name, finalizers);
  }

  // Every read-modify-write of the agent's status fields holds this agent's lock: the heartbeat
  // timer and a test thread reporting a round would otherwise overwrite each other's rounds.
  synchronized void heartbeat(String name) {
    PreDump pd = get(name);
    if (pd == null) {
      return;
    }
    PreDumpStatus s = statusOf(pd);
    s.setAgentHeartbeatTime(Timestamps.micros(Instant.now()));
    writeStatus(name, s);
  }

  /** Appends a completed round with these figures. */
  synchronized RoundStatus reportRound(String name, long dirtyBytes, long frozenMicros) {
    PreDump pd = get(name);
    PreDumpStatus s = statusOf(pd);
    int n = s.getRounds().size() + 1;
    Instant end = Instant.now();
    RoundStatus r = new RoundStatus();
    r.setRound(n);
    r.setTracker(n == 1 ? DirtyTracker.Full : DirtyTracker.Hash);
    r.setStartTime(Timestamps.micros(end.minusMillis(100)));
    r.setCompletionTime(Timestamps.micros(end));
    r.setFrozenTimeMicros(frozenMicros);
    r.setDirtyBytes(dirtyBytes);
    r.setBytesWritten(dirtyBytes);
    r.setThroughputBytesPerSecond(1L << 30);
    r.setDirtyBytesPerSecond(n == 1 ? null : dirtyBytes * 10);
    List<RoundStatus> rounds = new ArrayList<>(s.getRounds());
    rounds.add(r);
    s.setRounds(rounds);
    s.setLatestRound(n);
    s.setLatestRoundDirtyBytes(dirtyBytes);
    s.setImagePath("/var/lib/predump/" + Cluster.NS + "/" + name);
    s.setAgentHeartbeatTime(Timestamps.micros(end));
    writeStatus(name, s);
    return r;
  }

  synchronized void finish(String name, AgentResult result, PreDumpReason reason, String message) {
    PreDumpStatus s = statusOf(get(name));
    AgentOutcome o = new AgentOutcome();
    o.setResult(result);
    o.setReason(reason);
    o.setMessage(message);
    o.setTime(Timestamps.seconds(Instant.now()));
    s.setAgentOutcome(o);
    writeStatus(name, s);
  }

  /** The agent's patch: only its own fields (a JSON Patch, as the operator's; see StatusPatch). */
  synchronized void writeStatus(String name, PreDumpStatus status) {
    writeStatus(name, get(name).getStatus(), status);
  }

  void writeStatus(String name, PreDumpStatus observed, PreDumpStatus status) {
    client
        .resources(PreDump.class)
        .inNamespace(Cluster.NS)
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON), StatusPatch.of(StatusWriter.AGENT, observed, status));
  }

  private void replaceFinalizers(String name, List<String> finalizers) {
    String op =
        io.fabric8.kubernetes.client.utils.Serialization.asJson(
            List.of(Map.of("op", "replace", "path", "/metadata/finalizers", "value", finalizers)));
    client
        .resources(PreDump.class)
        .inNamespace(Cluster.NS)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON), op);
  }

  private PreDump get(String name) {
    return client.resources(PreDump.class).inNamespace(Cluster.NS).withName(name).get();
  }

  private static PreDumpStatus statusOf(PreDump pd) {
    return pd.getStatus() == null ? new PreDumpStatus() : pd.getStatus();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
