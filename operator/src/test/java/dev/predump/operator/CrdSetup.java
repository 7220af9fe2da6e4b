package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Creates the PreDump CRD (the checked-in one, from the crds jar) in the mock API server. */
public class CrdSetup implements Consumer<KubernetesServer> {

  @Override
  public void accept(KubernetesServer server) {
    try (InputStream crd = PreDump.class.getResourceAsStream(PreDump.CRD_RESOURCE)) {
      server.getClient().apiextensions().v1().customResourceDefinitions().load(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
