package dev.predump.agent.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The agent's HTTP endpoints: {@code /healthz}, {@code /readyz} and {@code /metrics}. */
public final class AgentHttp implements AutoCloseable {
  private final HttpServer server;

  private AgentHttp(HttpServer server) {
    this.server = server;
  }

  /** Serves on {@code port} (0: any free port) until closed. */
  public static AgentHttp start(int port, BooleanSupplier ready, Supplier<String> metrics)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", ex -> reply(ex, 200, "text/plain", "ok\n"));
    server.createContext(
        "/readyz",
        ex -> {
          boolean ok = ready.getAsBoolean();
          reply(ex, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ready\n");
        });
    server.createContext(
        "/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4", metrics.get()));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "predump-agent-http");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new AgentHttp(server);
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange ex, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
