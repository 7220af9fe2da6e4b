package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanEmitterTest {

  @Test
  void handsOneSpanPerContiguousPieceOfTheBuffer() throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    for (int i = 0; i < 64; i++) {
      buffer.put(i, (byte) i);
    }
    List<String> calls = new ArrayList<>();
    SpanEmitter emitter =
        new SpanEmitter(
            buffer,
            (vaddr, pages) ->
                calls.add(
                    vaddr
                        + ":"
                        + pages.remaining()
                        + ":"
                        + pages.get(0)
                        + ":"
                        + pages.isReadOnly()));

    emitter.add(1000, 0, 8);
    emitter.add(1008, 8, 8); // adjacent in both: joined
    emitter.add(1024, 16, 8); // gap in the target
    emitter.add(1032, 32, 8); // gap in the buffer
    emitter.flush();
    emitter.flush(); // nothing pending

    assertThat(calls).containsExactly("1000:16:0:true", "1024:8:16:true", "1032:8:32:true");
  }
}
