package dev.predump.agent.cgroup;

import static dev.predump.agent.cgroup.CgroupFixtures.fakeV1;
import static dev.predump.agent.cgroup.CgroupFixtures.fakeV2;
import static dev.predump.agent.cgroup.CgroupFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cgroup detection, process listing and the freezers' file protocol, on fake directories. */
class CgroupTest {

  @TempDir Path dir;

  @Test
  void detectsTheVersionFromTheFreezerFile() throws IOException {
    assertThat(Cgroup.at(fakeV2(dir.resolve("a"), "0")).version()).isEqualTo(CgroupVersion.V2);
    assertThat(Cgroup.at(fakeV1(dir.resolve("b"))).version()).isEqualTo(CgroupVersion.V1);
    assertThat(Cgroup.at(fakeV1(dir.resolve("b"))).isRoot()).isFalse();
  }

  @Test
  void refusesWhatIsNotAFreezableCgroup() throws IOException {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    Path v2WithoutFreeze = Files.createDirectories(dir.resolve("old-v2"));
    Files.writeString(v2WithoutFreeze.resolve("cgroup.controllers"), "");
    Path otherV1 = Files.createDirectories(dir.resolve("cpu"));
    Files.writeString(otherV1.resolve("cgroup.procs"), "");

    assertThatThrownBy(() -> Cgroup.at(plain))
        .hasMessage("Not a cgroup: " + plain + " has neither cgroup.freeze nor freezer.state");
    assertThatThrownBy(() -> Cgroup.at(dir.resolve("missing")))
        .hasMessageContaining("is not a directory");
    assertThatThrownBy(() -> Cgroup.at(v2WithoutFreeze)).hasMessageContaining("Linux 5.2");
    assertThatThrownBy(() -> Cgroup.at(otherV1)).hasMessageContaining("freezer hierarchy");
  }

  @Test
  void processesAreCollectedFromDescendants() throws IOException {
    Path top = fakeV2(dir.resolve("pod"), "0", "10", "11");
    fakeV2(top.resolve("c1"), "0", "20");
    fakeV2(top.resolve("c1/nested"), "0", "30", "31");
    fakeV2(top.resolve("c2"), "0");

    assertThat(Cgroup.at(top).processes()).containsExactly(10, 11, 20, 30, 31);
    assertThat(Cgroup.at(top.resolve("c1")).processes()).containsExactly(20, 30, 31);
    assertThat(Cgroup.at(top.resolve("c2")).processes()).isEmpty();
  }

  @Test
  void aV2LeafIsNotListedForChildren() throws IOException {
    // cgroup.stat says "no descendants": the directory is not walked (a stale fake child's pids
    // would show otherwise). Without the file, or with descendants, the children are walked.
    Path top = fakeV2(dir.resolve("pod"), "0", "10");
    fakeV2(top.resolve("stale"), "0", "20");
    Files.writeString(top.resolve("cgroup.stat"), "nr_descendants 0\nnr_dying_descendants 1\n");
    assertThat(Cgroup.at(top).processes()).containsExactly(10);

    Files.writeString(top.resolve("cgroup.stat"), "nr_descendants 1\nnr_dying_descendants 0\n");
    assertThat(Cgroup.at(top).processes()).containsExactly(10, 20);
    Files.delete(top.resolve("cgroup.stat"));
    assertThat(Cgroup.at(top).processes()).containsExactly(10, 20);
  }

  @Test
  void pidsAreParsedFromTheProcsBytes() throws IOException {
    Set<Integer> pids = new TreeSet<>();
    Cgroup.addPids("1\n4194304\n77".getBytes(StandardCharsets.US_ASCII), pids, dir);
    assertThat(pids).containsExactly(1, 77, 4194304);

    assertThatThrownBy(
            () -> Cgroup.addPids("12\nx\n".getBytes(StandardCharsets.US_ASCII), pids, dir))
        .hasMessageContaining("Unexpected byte 120 in " + dir.resolve("cgroup.procs"));
  }

  @Test
  void v2FreezeWritesOneAndWaitsForFrozen() throws IOException {
    Cgroup cgroup = Cgroup.at(fakeV2(dir.resolve("a"), "1"));

    cgroup.freezer().freeze(Duration.ofMillis(100));

    assertThat(Files.readString(cgroup.path().resolve("cgroup.freeze"))).isEqualTo("1");
    assertThat(cgroup.freezer().state()).isEqualTo(FreezerState.FROZEN);
  }

  @Test
  void v2WaitsForEveryDescendantNotOnlyTheParentsFlag() throws IOException {
    Cgroup parent = Cgroup.at(fakeV2(dir.resolve("pod"), "1"));
    fakeV2(parent.path().resolve("child/grandchild"), "0");
    Files.writeString(parent.path().resolve("child/cgroup.events"), "frozen 1\n");

    assertThat(parent.freezer().isFrozen()).isFalse();
    assertThatThrownBy(() -> parent.freezer().freeze(Duration.ofMillis(30)))
        .isInstanceOf(FreezeTimeoutException.class);

    Files.writeString(parent.path().resolve("child/grandchild/cgroup.events"), "frozen 1\n");
    assertThat(parent.freezer().isFrozen()).isTrue();
  }

  @Test
  void v2FreezeTimeoutThawsAndThrows() throws IOException {
    Cgroup cgroup = Cgroup.at(fakeV2(dir.resolve("stuck"), "0"));
    long begin = System.nanoTime();

    assertThatThrownBy(() -> cgroup.freezer().freeze(Duration.ofMillis(50)))
        .isInstanceOf(FreezeTimeoutException.class)
        .hasMessageContaining("did not freeze within 50 ms; thawed it again")
        .hasMessageContaining(cgroup.path().toString());

    assertThat(System.nanoTime() - begin).isGreaterThanOrEqualTo(50_000_000L);
    assertThat(Files.readString(cgroup.path().resolve("cgroup.freeze"))).isEqualTo("0");
    assertThat(cgroup.freezer().state()).isEqualTo(FreezerState.THAWED);
  }

  @Test
  void v2StateDistinguishesFreezingFromFrozen() throws IOException {
    Cgroup cgroup = Cgroup.at(fakeV2(dir.resolve("a"), "0"));
    Files.writeString(cgroup.path().resolve("cgroup.freeze"), "1\n");

    assertThat(cgroup.freezer().state()).isEqualTo(FreezerState.FREEZING);
    assertThat(cgroup.freezer().isFrozen()).isFalse();
  }

  @Test
  void v1FreezeAndThawWriteTheStateFile() throws IOException {
    Cgroup cgroup = Cgroup.at(fakeV1(dir.resolve("a")));

    cgroup.freezer().freeze(Duration.ofMillis(100));
    assertThat(Files.readString(cgroup.path().resolve("freezer.state"))).isEqualTo("FROZEN");
    assertThat(cgroup.freezer().isFrozen()).isTrue();

    cgroup.freezer().thaw();
    assertThat(cgroup.freezer().state()).isEqualTo(FreezerState.THAWED);
  }

  @Test
  void v1UnreadableStateThawsAndNamesTheFile() throws IOException {
    Cgroup cgroup = Cgroup.at(fakeV1(dir.resolve("a")));
    Path state = cgroup.path().resolve("freezer.state");
    Files.delete(state);
    Files.createSymbolicLink(state, Path.of("/dev/null"));

    assertThatThrownBy(() -> cgroup.freezer().freeze(Duration.ofMillis(100)))
        .hasMessageContaining("Unexpected value '' in " + state);
  }

  @Test
  void aVanishedCgroupIsNamed() throws IOException {
    Cgroup cgroup = Cgroup.at(fakeV2(dir.resolve("gone"), "0"));
    Files.delete(cgroup.path().resolve("cgroup.freeze"));

    assertThatThrownBy(() -> cgroup.freezer().thaw())
        .hasMessageContaining("Cannot write '0' to " + cgroup.path().resolve("cgroup.freeze"))
        .hasMessageContaining("does not exist");
    assertThat(cgroup.path().resolve("cgroup.freeze")).doesNotExist();
  }

  @Test
  void procCgroupOfAHybridHostNamesBothHierarchies() {
    String text = text("proc-cgroup-hybrid-container.txt");

    assertThat(Cgroup.parseProcCgroup(text, CgroupVersion.V1)).contains("/kubepods/pod1/c1");
    assertThat(Cgroup.parseProcCgroup(text, CgroupVersion.V2))
        .contains("/system.slice/containerd.service");
    assertThat(Cgroup.parseProcCgroup(text("proc-cgroup-hybrid.txt"), CgroupVersion.V1))
        .contains("/");
  }

  @Test
  void procCgroupOfPureV2AndLegacyHosts() {
    assertThat(Cgroup.parseProcCgroup(text("proc-cgroup-pure-v2.txt"), CgroupVersion.V2))
        .contains("/kubepods.slice/kubepods-burstable.slice/cri-containerd-ab12.scope");
    assertThat(Cgroup.parseProcCgroup(text("proc-cgroup-pure-v2.txt"), CgroupVersion.V1)).isEmpty();
    assertThat(Cgroup.parseProcCgroup(text("proc-cgroup-legacy.txt"), CgroupVersion.V1))
        .contains("/kubepods/burstable/pod1/abc");
    assertThat(Cgroup.parseProcCgroup(text("proc-cgroup-legacy.txt"), CgroupVersion.V2)).isEmpty();
    assertThat(Cgroup.parseProcCgroup("0::/a:b/c\n", CgroupVersion.V2)).contains("/a:b/c");
  }

  @Test
  void v2EventsParsing() {
    assertThat(CgroupV2Freezer.parseFrozen("populated 1\nfrozen 1\n")).isTrue();
    assertThat(CgroupV2Freezer.parseFrozen("populated 1\nfrozen 0\n")).isFalse();
    assertThat(CgroupV2Freezer.parseFrozen("populated 0\n")).isFalse();
  }
}
