package dev.predump.localcluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fabric8 mock API server in CRUD mode as a real HTTP server on loopback, reached by the
 * operator and agent processes through a kubeconfig file (see BUILD-NOTES).
 */
public final class LocalApiServer implements AutoCloseable {
  /** The mock server logs every request at INFO. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final Thread drainer;
  private final int port;
  private final Path kubeconfig;

  private LocalApiServer(KubernetesMockServer server, int port, Path kubeconfig) {
    this.server = server;
    this.port = port;
    this.kubeconfig = kubeconfig;
    // Every request is kept with its body in an unbounded queue: drain it.
    this.drainer =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  server.takeRequest();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "api-server-drain");
    drainer.setDaemon(true);
    drainer.start();
  }

  /** Starts a server on a free loopback port and writes {@code dir/kubeconfig} for it. */
  public static LocalApiServer start(Path dir) throws IOException {
    MOCK_LOG.setLevel(Level.WARNING);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    var responses =
        new HashMap<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false,
            new VersionInfo.Builder().withMajor("1").withMinor("30").build());
    server.init(InetAddress.getLoopbackAddress(), port);
    Files.createDirectories(dir);
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: http://127.0.0.1:%d
        users:
        - name: local
          user:
            token: local-token
        contexts:
        - name: local
          context:
            cluster: local
            user: local
            namespace: default
        current-context: local
        """
            .formatted(port));
    return new LocalApiServer(server, port, kubeconfig);
  }

  /** The server's base URL, {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A kubeconfig file that points at this server. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A new client of this server (the caller closes it). */
  public KubernetesClient client() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withOauthToken("local-token")
            .withNamespace("default")
            .withRequestTimeout(10_000)
            .withConnectionTimeout(5_000)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public void close() {
    drainer.interrupt();
    server.destroy();
  }
}
