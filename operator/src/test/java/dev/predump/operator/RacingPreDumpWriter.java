package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real writer, plus a hook a test can arm to run once between the reconciler's read of a
 * PreDump and its status patch (the window where an agent's report could get lost).
 */
@Alternative
@Priority(1)
@Singleton
public class RacingPreDumpWriter extends PreDumpWriter {

  /** Runs (once) just before the next status patch of the PreDump it names. */
  record Race(String name, Runnable agentWrite, AtomicReference<PreDump> response) {}

  static final AtomicReference<Race> NEXT = new AtomicReference<>();

  @Inject
  public RacingPreDumpWriter(KubernetesClient client) {
    super(client);
  }

  @Override
  public PreDump patchStatus(Context<PreDump> context, PreDump preDump, PreDumpStatus desired) {
    Race race = NEXT.get();
    if (race == null
        || !race.name().equals(preDump.getMetadata().getName())
        || !NEXT.compareAndSet(race, null)) {
      return super.patchStatus(context, preDump, desired);
    }
    race.agentWrite().run();
    PreDump response = super.patchStatus(context, preDump, desired);
    race.response().set(response);
    return response;
  }
}
