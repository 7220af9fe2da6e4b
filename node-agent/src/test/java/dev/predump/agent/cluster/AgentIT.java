package dev.predump.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.predump.agent.cgroup.Cgroup;
import dev.predump.agent.engine.Cancellation;
import dev.predump.agent.engine.DumpOptions;
import dev.predump.agent.engine.PreCopy;
import dev.predump.agent.engine.RoundStats;
import dev.predump.agent.engine.RunResult;
import dev.predump.agent.engine.StopPolicy;
import dev.predump.agent.engine.Target;
import dev.predump.agent.engine.Targets;
import dev.predump.agent.engine.Tracking;
import dev.predump.agent.workload.ContainerWorkload;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.api.v1alpha1.AgentResult;
import dev.predump.api.v1alpha1.OnDelete;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpSpec;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundPolicy;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.api.v1alpha1.TargetContainer;
import dev.predump.api.v1alpha1.Timestamps;
import dev.predump.api.v1alpha1.TrackingMode;
import dev.predump.image.ChainVerifier;
import dev.predump.image.VerificationReport;
import dev.predump.image.WriteMode;
import dev.predump.image.proto.SourceIdentity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against the fabric8 mock API server (CRUD mode), with real workloads in real cgroups,
 * and PreDumps dispatched as the operator dispatches them (status first, then the node label).
 */
@EnableKubernetesMockClient(crud = true)
class AgentIT {
  private static final String NODE = "node-a";
  private static final String NS = "apps";
  private static final long MIB = 1 << 20;

  /** The mock server logs every request at INFO; keep the test output readable. */
  private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  KubernetesClient client;
  KubernetesMockServer server;

  @TempDir Path storage;
  private Agent agent;
  private final List<ContainerWorkload> containers = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    if (client.apiextensions().v1().customResourceDefinitions().withName(PreDump.CRD_NAME).get()
        == null) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .load(PreDump.class.getResourceAsStream(PreDump.CRD_RESOURCE))
          .create();
    }
    agent = Agent.start(settings(), client);
  }

  private AgentSettings settings() {
    return new AgentSettings(
        NODE,
        "predump-system",
        "agent-0",
        storage,
        0,
        List.of(),
        2,
        Path.of("/sys/fs/cgroup"),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        WriteMode.DIRECT,
        true);
  }

  @AfterEach
  void stop() throws IOException {
    if (agent != null) {
      agent.close();
    }
    for (ContainerWorkload c : containers) {
      c.close();
    }
  }

  private ContainerWorkload container() throws IOException {
    ContainerWorkload c =
        ContainerWorkload.start(
            "agent-it", "burstable", new WorkloadSpec(16 * MIB, 4, 0, false, 5));
    containers.add(c);
    return c;
  }

  @Test
  void runsRoundsReportsThemAndDeletesImagesOnDelete() throws Exception {
    ContainerWorkload c = container();
    // Two rounds: the not-converging rule applies from round 3 on, so the reason is certain.
    dispatch("two-rounds", c, spec(2, "0s", OnDelete.Delete), false);

    PreDump done = awaitOutcome("two-rounds");
    PreDumpStatus st = done.getStatus();
    assertThat(st.getAgentOutcome().getResult()).isEqualTo(AgentResult.Completed);
    assertThat(st.getAgentOutcome().getReason()).isEqualTo(PreDumpReason.MaxRoundsReached);
    assertThat(st.getRounds()).extracting(r -> r.getRound()).containsExactly(1, 2);
    assertThat(st.getLatestRound()).isEqualTo(2);
    assertThat(st.getAgentHeartbeatTime()).isNotNull();
    assertThat(st.getRounds().get(0).getPagesWritten()).isGreaterThanOrEqualTo(16 * MIB / 4096);
    Path image = storage.resolve(NS).resolve("two-rounds");
    assertThat(st.getImagePath()).isEqualTo(image.toString());
    assertThat(done.getMetadata().getFinalizers()).contains(PreDumpMetadata.AGENT_FINALIZER);
    VerificationReport report = ChainVerifier.verify(image.resolve("app"));
    assertThat(report.ok()).as("%s", report).isTrue();
    assertThat(Cgroup.at(c.cgroup()).freezer().isFrozen()).isFalse();
    assertThat(c.process().check()).isTrue();
    assertThat(get("/metrics")).contains("predump_agent_rounds_total 2\n");
    assertThat(get("/readyz")).isEqualTo("ok\n");
    assertThat(get("/healthz")).isEqualTo("ok\n");

    client.resource(done).delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> preDump("two-rounds") == null && !Files.exists(image));
  }

  @Test
  void containersOfOnePodAreCopiedTogetherEachIntoItsOwnChain() throws Exception {
    ContainerWorkload app = container();
    ContainerWorkload sidecar = container();
    PreDumpStatus status = runningStatus(app.podUid, app.containerId());
    status.setContainers(
        List.of(
            new TargetContainer("app", app.containerId()),
            new TargetContainer("sidecar", sidecar.containerId())));
    dispatchPrepared(newPreDump("pod", spec(2, "0s", OnDelete.Retain), false), status);

    PreDump done = awaitOutcome("pod");
    PreDumpStatus st = done.getStatus();
    assertThat(st.getAgentOutcome().getResult()).isEqualTo(AgentResult.Completed);
    // One round per round of the pod, not per container: both were stopped in one window.
    assertThat(st.getRounds()).extracting(r -> r.getRound()).containsExactly(1, 2);
    assertThat(st.getRounds().get(1).getProcesses()).isEqualTo(2);
    for (String name : List.of("app", "sidecar")) {
      Path chain = storage.resolve(NS).resolve("pod").resolve(name);
      VerificationReport report = ChainVerifier.verify(chain);
      assertThat(report.ok()).as("%s: %s", name, report).isTrue();
      assertThat(report.levels()).hasSize(2);
    }
    assertThat(Cgroup.at(app.cgroup()).freezer().isFrozen()).isFalse();
    assertThat(Cgroup.at(sidecar.cgroup()).freezer().isFrozen()).isFalse();
  }

  @Test
  void deleteWhileRunningCancelsThawsRetainsAndReleasesTheFinalizer() throws Exception {
    ContainerWorkload c = container();
    dispatch("cancelled", c, spec(100, "300ms", OnDelete.Retain), true);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              PreDump pd = preDump("cancelled");
              return pd.getStatus().getLatestRound() != null
                  && pd.getStatus().getLatestRound() >= 2;
            });

    client.resource(preDump("cancelled")).delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                List.of(PreDumpMetadata.OPERATOR_FINALIZER)
                    .equals(preDump("cancelled").getMetadata().getFinalizers()));
    PreDump pd = preDump("cancelled");
    assertThat(pd.getStatus().getAgentOutcome().getResult()).isEqualTo(AgentResult.Cancelled);
    assertThat(Files.isDirectory(storage.resolve(NS).resolve("cancelled").resolve("app"))).isTrue();
    assertThat(Cgroup.at(c.cgroup()).freezer().isFrozen()).isFalse();
    assertThat(c.process().check()).isTrue();
    assertThat(Files.list(storage.resolve(".agent").resolve(NODE).resolve("frozen")).toList())
        .isEmpty();
  }

  @Test
  void terminalPhaseSetByTheOperatorStopsTheRoundsAndKeepsTheFinalizer() throws Exception {
    ContainerWorkload c = container();
    dispatch("timed-out", c, spec(100, "300ms", OnDelete.Delete), false);
    PreDump running =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> preDump("timed-out"),
                pd ->
                    pd.getStatus().getLatestRound() != null
                        && pd.getStatus().getLatestRound() >= 2);
    String beat = running.getStatus().getAgentHeartbeatTime();
    // The heartbeat goes on between rounds (every second here).
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !beat.equals(preDump("timed-out").getStatus().getAgentHeartbeatTime()));

    client
        .resources(PreDump.class)
        .inNamespace(NS)
        .withName("timed-out")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"replace\",\"path\":\"/status/phase\",\"value\":\"Failed\"}]");

    PreDump stopped = awaitOutcome("timed-out");
    assertThat(stopped.getStatus().getAgentOutcome().getResult()).isEqualTo(AgentResult.Cancelled);
    assertThat(stopped.getMetadata().getFinalizers()).contains(PreDumpMetadata.AGENT_FINALIZER);
    assertThat(Cgroup.at(c.cgroup()).freezer().isFrozen()).isFalse();
    int rounds = stopped.getStatus().getRounds().size();
    Thread.sleep(1000);
    assertThat(preDump("timed-out").getStatus().getRounds()).hasSize(rounds);
    assertThat(agent.running()).isZero();
  }

  @Test
  void anAgentStoppedMidRunIsFollowedByOneThatContinuesTheChain() throws Exception {
    ContainerWorkload c = container();
    dispatch("handed-over", c, spec(5, "500ms", OnDelete.Delete), false);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> preDump("handed-over"),
            pd -> pd.getStatus().getLatestRound() != null && pd.getStatus().getLatestRound() >= 2);

    agent.close();
    PreDump between = preDump("handed-over");
    assertThat(between.getStatus().getAgentOutcome()).isNull();
    assertThat(Cgroup.at(c.cgroup()).freezer().isFrozen()).isFalse();
    int reported = between.getStatus().getRounds().size();
    agent = Agent.start(settings(), client);

    PreDump done = awaitOutcome("handed-over");
    assertThat(done.getStatus().getAgentOutcome().getResult()).isEqualTo(AgentResult.Completed);
    List<Integer> rounds =
        done.getStatus().getRounds().stream().map(RoundStatus::getRound).toList();
    assertThat(rounds.size()).isGreaterThan(reported);
    assertThat(rounds).doesNotHaveDuplicates().isSorted();
    VerificationReport report =
        ChainVerifier.verify(storage.resolve(NS).resolve("handed-over").resolve("app"));
    assertThat(report.ok()).as("%s", report).isTrue();
  }

  @Test
  void watchesOnlyTheListedNamespaces() throws Exception {
    agent.close();
    AgentSettings all = settings();
    agent =
        Agent.start(
            new AgentSettings(
                all.node(),
                all.namespace(),
                all.podName(),
                all.storageRoot(),
                0,
                List.of("batch"),
                2,
                all.cgroupRoot(),
                all.leaseRenewEvery(),
                all.heartbeatEvery(),
                all.writeMode(),
                all.realtimeWindow()),
            client);
    PreDump ignored = newPreDump("elsewhere", spec(2, "0s", OnDelete.Delete), false);
    dispatchPrepared(ignored, runningStatus(UUID.randomUUID().toString(), "containerd://0nothere"));
    PreDump watched = newPreDump("in-batch", spec(2, "0s", OnDelete.Delete), false);
    watched.getMetadata().setNamespace("batch");
    dispatchPrepared(watched, runningStatus(UUID.randomUUID().toString(), "containerd://0nothere"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> client.resources(PreDump.class).inNamespace("batch").withName("in-batch").get(),
            pd -> pd.getStatus().getAgentOutcome() != null);
    assertThat(preDump("elsewhere").getStatus().getAgentOutcome()).isNull();
    assertThat(preDump("elsewhere").getMetadata().getFinalizers()).isEmpty();
  }

  @Test
  void unknownContainerFailsWithContainerNotFound() {
    PreDump pd = newPreDump("missing", spec(3, "0s", OnDelete.Delete), false);
    dispatchPrepared(
        pd, runningStatus("6a2b1c3d-0000-0000-0000-000000000000", "containerd://0nothere"));
    PreDump failed = awaitOutcome("missing");
    assertThat(failed.getStatus().getAgentOutcome().getResult()).isEqualTo(AgentResult.Failed);
    assertThat(failed.getStatus().getAgentOutcome().getReason())
        .isEqualTo(PreDumpReason.ContainerNotFound);
  }

  @Test
  void afterARestartTheChainIsContinuedFromItsLastCompleteRound() throws Exception {
    ContainerWorkload c = container();
    Path chain = storage.resolve(NS).resolve("restarted").resolve("app");
    // What the previous agent process left: two complete rounds, reported, and a round unfinished.
    PreDumpSpec spec = spec(4, "0s", OnDelete.Delete);
    RunResult earlier;
    try (Target t = Targets.cgroup(c.cgroup())) {
      DumpOptions two =
          new DumpOptions(
              Tracking.HASH,
              new StopPolicy(2, 0, 1000),
              Duration.ofSeconds(2),
              Duration.ZERO,
              0,
              Duration.ofMinutes(1),
              DumpOptions.DEFAULT_BUFFER_BYTES);
      earlier =
          new PreCopy(t, chain, two, SourceIdentity.getDefaultInstance())
              .run(s -> {}, Cancellation.never());
    }
    Path partial = Files.createDirectories(chain.resolve(".3.partial-0badc0de"));
    PreDump pd = newPreDump("restarted", spec, false);
    pd.getMetadata().setFinalizers(List.of(PreDumpMetadata.AGENT_FINALIZER));
    PreDumpStatus st = runningStatus(c.podUid, c.containerId());
    List<RoundStatus> reported = new ArrayList<>();
    for (RoundStats r : earlier.rounds()) {
      reported.add(SpecOptions.roundStatus(r, Instant.now()));
    }
    st.setRounds(reported);
    dispatchPrepared(pd, st);

    PreDump done = awaitOutcome("restarted");
    assertThat(done.getStatus().getAgentOutcome().getResult()).isEqualTo(AgentResult.Completed);
    // Round 2 of a static workload dirties (almost) nothing, so any page the workload's runtime
    // touches may count as growth: NotConverging at round 3 is as right as MaxRoundsReached at 4.
    assertThat(done.getStatus().getAgentOutcome().getReason())
        .isIn(PreDumpReason.MaxRoundsReached, PreDumpReason.NotConverging);
    assertThat(done.getStatus().getRounds())
        .extracting(RoundStatus::getRound)
        .startsWith(1, 2, 3)
        .isSorted();
    // The workload is static: the rebuilt hashes say nothing changed since round 2.
    assertThat(done.getStatus().getRounds().get(2).getPagesWritten()).isLessThan(64);
    assertThat(partial).doesNotExist();
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.ok()).as("%s", report).isTrue();
  }

  /**
   * The chart grants the agent exactly the calls listed in helm's agent-api-calls.txt: every call
   * the agent makes in a full run (start, rounds, outcome, delete with retention) must be listed,
   * and every listed call must be made.
   */
  @Test
  void makesExactlyTheApiCallsItsRbacGrants() throws Exception {
    agent.close();
    // A fresh node: the agent must create its Lease, not only renew it.
    client.resource(lease()).delete();
    await().atMost(Duration.ofSeconds(5)).until(() -> lease() == null);
    String userAgent = "predump-agent-under-test";
    try (KubernetesClient tagged =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withUserAgent(userAgent).build())
            .build()) {
      drainRequests();
      agent = Agent.start(settings(), tagged);
      ContainerWorkload c = container();
      dispatch("calls", c, spec(2, "0s", OnDelete.Delete), false);
      awaitOutcome("calls");
      client.resource(preDump("calls")).delete();
      await().atMost(Duration.ofSeconds(20)).until(() -> preDump("calls") == null);
      // One more Lease renewal, so that both its get and its update are seen.
      Thread.sleep(1500);
      agent.close();
      agent = null;

      java.util.Set<String> made = new java.util.TreeSet<>();
      for (io.fabric8.mockwebserver.http.RecordedRequest r : drainRequests()) {
        if (userAgent.equals(r.getHeader("User-Agent"))) {
          made.add(ApiCalls.of(r.getMethod(), r.getPath()));
        }
      }
      java.util.Set<String> listed =
          ApiCalls.listed(Path.of("../helm/src/test/resources/agent-api-calls.txt"));
      assertThat(made).as("calls the agent made").isEqualTo(listed);
    }
  }

  private List<io.fabric8.mockwebserver.http.RecordedRequest> drainRequests()
      throws InterruptedException {
    List<io.fabric8.mockwebserver.http.RecordedRequest> all = new ArrayList<>();
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = server.takeRequest(50, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      all.add(r);
    }
    return all;
  }

  @Test
  void holdsAndRenewsTheNodeLease() {
    Lease first = await().atMost(Duration.ofSeconds(5)).until(this::lease, l -> l != null);
    assertThat(first.getSpec().getHolderIdentity()).isEqualTo("agent-0");
    ZonedDateTime renewed = first.getSpec().getRenewTime();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lease().getSpec().getRenewTime().isAfter(renewed));
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.WARNING);
    return logger;
  }

  private Lease lease() {
    return client.leases().inNamespace("predump-system").withName("predump-agent-" + NODE).get();
  }

  private static PreDumpSpec spec(int rounds, String interval, OnDelete onDelete) {
    PreDumpSpec spec = new PreDumpSpec();
    spec.setPodName("web");
    RoundPolicy r = new RoundPolicy();
    r.setMax(rounds);
    r.setInterval(interval);
    r.setConvergeBelow(0L);
    r.setMaxGrowthPercent(1000);
    spec.setRounds(r);
    spec.setTracking(TrackingMode.Hash);
    // Generous: the build machine's two cores are shared with other builds.
    spec.setFreezeBudget("2s");
    spec.setTimeout("2m");
    spec.getRetention().setOnDelete(onDelete);
    return spec;
  }

  private PreDump newPreDump(String name, PreDumpSpec spec, boolean operatorFinalizer) {
    PreDump pd = new PreDump();
    pd.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    if (operatorFinalizer) {
      pd.getMetadata().setFinalizers(List.of(PreDumpMetadata.OPERATOR_FINALIZER));
    }
    pd.setSpec(spec);
    return pd;
  }

  private static PreDumpStatus runningStatus(String podUid, String containerId) {
    PreDumpStatus st = new PreDumpStatus();
    st.setPhase(PreDumpPhase.Running);
    st.setNodeName(NODE);
    st.setPodUID(podUid);
    st.setContainers(List.of(new TargetContainer("app", containerId)));
    st.setStartTime(Timestamps.seconds(Instant.now()));
    return st;
  }

  /** As the operator dispatches: status (Running, containers) first, then the node label. */
  private PreDump dispatch(
      String name, ContainerWorkload c, PreDumpSpec spec, boolean opFinalizer) {
    return dispatchPrepared(
        newPreDump(name, spec, opFinalizer), runningStatus(c.podUid, c.containerId()));
  }

  private PreDump dispatchPrepared(PreDump pd, PreDumpStatus status) {
    PreDump created = client.resource(pd).create();
    created.setStatus(status);
    client.resource(created).updateStatus();
    return client
        .resources(PreDump.class)
        .inNamespace(pd.getMetadata().getNamespace())
        .withName(pd.getMetadata().getName())
        .edit(
            p -> {
              p.getMetadata().setLabels(Map.of(PreDumpMetadata.NODE_LABEL, NODE));
              return p;
            });
  }

  private PreDump preDump(String name) {
    return client.resources(PreDump.class).inNamespace(NS).withName(name).get();
  }

  private PreDump awaitOutcome(String name) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> preDump(name),
            pd -> pd != null && pd.getStatus() != null && pd.getStatus().getAgentOutcome() != null);
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
