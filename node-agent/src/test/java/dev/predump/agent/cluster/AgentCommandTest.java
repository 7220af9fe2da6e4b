package dev.predump.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The one line the agent prints when no API server answers. */
class AgentCommandTest {

  @Test
  void namesTheInnermostCause() {
    Exception e =
        new RuntimeException(
            "Operation: [list] failed.",
            new IOException(
                "Connection refused: /127.0.0.1:1", new ConnectException("Connection refused")));
    assertThat(AgentCommand.rootCause(e)).isEqualTo("Connection refused");
    assertThat(AgentCommand.rootCause(new IllegalStateException()))
        .isEqualTo("IllegalStateException");
  }
}
