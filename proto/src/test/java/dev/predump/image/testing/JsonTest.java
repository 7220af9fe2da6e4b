package dev.predump.image.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesCritOutput() {
    Object parsed =
        Json.parse(
            "{\"magic\": \"PAGEMAP\", \"entries\": [{\"pages_id\": 1},"
                + " {\"vaddr\": 139637976727552, \"flags\": \"PE_PRESENT\", \"x\": [true, null,"
                + " -1.5, \"a\\\"b\\u0041\"]}], \"big\": 18446744073709551615}");
    assertThat(parsed)
        .isEqualTo(
            Map.of(
                "magic",
                "PAGEMAP",
                "entries",
                List.of(
                    Map.of("pages_id", 1L),
                    Map.of(
                        "vaddr",
                        139637976727552L,
                        "flags",
                        "PE_PRESENT",
                        "x",
                        Arrays.asList(true, null, -1.5, "a\"bA"))),
                "big",
                new BigInteger("18446744073709551615")));
  }

  @Test
  void rejectsMalformedInput() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("trailing");
  }
}
