package dev.predump.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcMapsTest {

  @Test
  void parsesACapturedMapsFile() {
    List<Vma> vmas = ProcMaps.parse(Fixtures.text("bash-maps.txt"));

    assertThat(vmas).hasSize(43);
    Vma first = vmas.get(0);
    assertThat(first.start()).isEqualTo(0x5633e2f64000L);
    assertThat(first.end()).isEqualTo(0x5633e2f93000L);
    assertThat(first.perms()).isEqualTo("r--p");
    assertThat(first.offset()).isZero();
    assertThat(first.dev()).isEqualTo("fe:00");
    assertThat(first.inode()).isEqualTo(260104);
    assertThat(first.path()).isEqualTo("/usr/bin/bash");
    assertThat(first.pages()).isEqualTo(0x2f);
    assertThat(vmas.get(1).offset()).isEqualTo(0x2f000);
    assertThat(vmas.get(1).executable()).isTrue();
  }

  @Test
  void anonymousAndPseudoMappings() {
    List<Vma> vmas = ProcMaps.parse(Fixtures.text("bash-maps.txt"));

    Vma anonymous = vmas.get(5);
    assertThat(anonymous.path()).isEmpty();
    assertThat(anonymous.anonymous()).isTrue();
    assertThat(anonymous.inode()).isZero();
    assertThat(vmas)
        .filteredOn(Vma::pseudo)
        .extracting(Vma::path)
        .containsExactly("[heap]", "[vvar]", "[vvar_vclock]", "[vdso]", "[stack]", "[vsyscall]");
    Vma shared = vmas.stream().filter(Vma::shared).findFirst().orElseThrow();
    assertThat(shared.path()).endsWith("gconv-modules.cache");
    assertThat(shared.isPrivate()).isFalse();
  }

  @Test
  void vsyscallAboveLongMaxIsUnsigned() {
    List<Vma> vmas = ProcMaps.parse(Fixtures.text("bash-maps.txt"));

    Vma vsyscall = vmas.get(vmas.size() - 1);
    assertThat(Long.toHexString(vsyscall.start())).isEqualTo("ffffffffff600000");
    assertThat(vsyscall.size()).isEqualTo(4096);
    assertThat(vsyscall.pages()).isEqualTo(1);
    assertThat(vsyscall.readable()).isFalse();
    assertThat(vsyscall.executable()).isTrue();
    assertThat(vsyscall.contains(0xffffffffff600800L)).isTrue();
    assertThat(vsyscall.contains(0x1000L)).isFalse();
  }

  @Test
  void pathsWithSpacesDeletedFilesAndLeadingSpaces() {
    List<Vma> vmas = ProcMaps.parse(Fixtures.text("edge-maps.txt"));

    assertThat(vmas)
        .extracting(Vma::path)
        .containsExactly(
            "/dev/shm/my shared file (deleted)",
            "/opt/app/My Documents/lib data.so",
            "  two leading spaces.bin",
            "/tmp/a (deleted) b",
            "",
            "[anon:java heap]",
            "/memfd:jit (deleted)",
            "/bin/thirty-two",
            "[vsyscall]");
    assertThat(vmas)
        .extracting(Vma::deleted)
        .containsExactly(true, false, false, false, false, false, true, false, false);
    assertThat(vmas.get(0).shared()).isTrue();
    assertThat(vmas.get(0).writable()).isTrue();
    assertThat(vmas.get(4).readable()).isFalse();
    assertThat(vmas.get(5).pseudo()).isTrue();
  }

  @Test
  void thirtyTwoBitLayoutFallsBackToSkippingPadding() {
    Vma vma =
        ProcMaps.parseLine("08048000-08049000 r-xp 00000000 08:01 777        /bin/thirty-two");

    assertThat(vma.start()).isEqualTo(0x08048000L);
    assertThat(vma.inode()).isEqualTo(777);
    assertThat(vma.path()).isEqualTo("/bin/thirty-two");
  }

  @Test
  void emptyTextHasNoMappings() {
    // A zombie's maps file is empty.
    assertThat(ProcMaps.parse("")).isEmpty();
  }

  @Test
  void malformedLineIsNamed() {
    assertThatThrownBy(() -> ProcMaps.parse("7f00-7f01 rw-p 0 00:00\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7f00-7f01 rw-p 0 00:00");
    assertThatThrownBy(() -> ProcMaps.parse("zzzz-7f01 rw-p 00000000 00:00 0\n"))
        .hasMessageContaining("malformed maps line");
  }

  @Test
  void toStringLooksLikeTheMapsLine() {
    Vma vma = new Vma(0x1000, 0x3000, "rw-p", 0, "00:00", 0, "[heap]");

    assertThat(vma).hasToString("1000-3000 rw-p 0 00:00 0 [heap]");
    assertThat(vma.pages()).isEqualTo(2);
  }
}
