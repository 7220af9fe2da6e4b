package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpSpec;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.RoundStatus;
import dev.predump.api.v1alpha1.TargetContainer;
import dev.predump.api.v1alpha1.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Objects for the pure tests: PreDumps, pods, Leases and rounds at fixed times. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final String POD_UID = "0b4c3a2e-5f1d-4c1b-9a8e-2d3f4a5b6c7d";
  static final Bounds BOUNDS =
      new Bounds(
          2,
          3,
          "predump-system",
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          Duration.ofMinutes(2),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          Duration.ofSeconds(5));

  private Fixtures() {}

  static PreDump preDump(String name) {
    PreDumpSpec spec = new PreDumpSpec();
    spec.setPodName("web-0");
    PreDump pd = new PreDump(spec);
    pd.getMetadata().setName(name);
    pd.getMetadata().setNamespace("apps");
    pd.getMetadata().setUid("uid-" + name);
    pd.getMetadata().setGeneration(1L);
    pd.getMetadata().setCreationTimestamp(Timestamps.seconds(T0));
    return pd;
  }

  static PreDump running(String name, String node, Instant started) {
    PreDump pd = preDump(name);
    PreDumpStatus s = new PreDumpStatus();
    s.setPhase(PreDumpPhase.Running);
    s.setNodeName(node);
    s.setPodUID(POD_UID);
    s.setContainers(List.of(new TargetContainer("app", "containerd://app-id")));
    s.setStartTime(Timestamps.seconds(started));
    pd.setStatus(s);
    return pd;
  }

  static Pod pod(String phase, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-0")
        .withNamespace("apps")
        .withUid(POD_UID)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("app")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .addNewContainerStatus()
        .withName("app")
        .withContainerID("containerd://app-id")
        .withNewState()
        .withNewRunning()
        .endRunning()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  static Lease lease(String node, Instant renewed) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(AgentContract.leaseName(node))
        .withNamespace("predump-system")
        .endMetadata()
        .withNewSpec()
        .withRenewTime(renewed.atZone(ZoneOffset.UTC))
        .endSpec()
        .build();
  }

  static RoundStatus round(int n, Instant start, Duration took, long dirty, Long ratePerSecond) {
    RoundStatus r = new RoundStatus();
    r.setRound(n);
    r.setStartTime(Timestamps.micros(start));
    r.setCompletionTime(Timestamps.micros(start.plus(took)));
    r.setDirtyBytes(dirty);
    r.setBytesWritten(dirty);
    r.setDirtyBytesPerSecond(ratePerSecond);
    r.setThroughputBytesPerSecond(100L << 20);
    r.setFrozenTimeMicros(3_000L);
    return r;
  }
}
