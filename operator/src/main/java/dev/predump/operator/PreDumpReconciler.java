package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpMetadata;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpSpecValidator;
import dev.predump.api.v1alpha1.PreDumpSpecValidator.Violation;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.StatusWriter;
import dev.predump.operator.EventRecorder.Type;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reconciles PreDumps: observe (pod, agent Lease) → validate (spec) → decide and act (dispatch,
 * deadlines, outcome, TTL) → status (the operator's fields only, when changed) → Events, metrics
 * and the next look. Each step is its own class; this one only orchestrates. Agent status writes
 * trigger reconciles too, so event processing is not generation-aware.
 */
@ControllerConfiguration(
    name = PreDumpReconciler.NAME,
    finalizerName = PreDumpMetadata.OPERATOR_FINALIZER,
    generationAwareEventProcessing = false,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
@RBACRule(
    apiGroups = "",
    resources = "pods",
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {"create", "patch"})
@RBACRule(
    apiGroups = "coordination.k8s.io",
    resources = "leases",
    verbs = {"get", "list", "watch"})
public class PreDumpReconciler implements Reconciler<PreDump>, Cleaner<PreDump> {

  /**
   * Controller name, in configuration keys ({@code quarkus.operator-sdk.controllers.predump.*}).
   */
  public static final String NAME = "predump";

  private static final Logger LOG = Logger.getLogger(PreDumpReconciler.class);

  private final ClusterView cluster;
  private final PhaseDecider decider;
  private final ConcurrencySlots slots;
  private final PreDumpWriter writer;
  private final ProgressReporter reporter;
  private final EventRecorder events;
  private final Finalization finalization;
  private final Clock clock;

  /** A reconciler orchestrating these steps. */
  public PreDumpReconciler(
      ClusterView cluster,
      PhaseDecider decider,
      ConcurrencySlots slots,
      PreDumpWriter writer,
      ProgressReporter reporter,
      EventRecorder events,
      Finalization finalization,
      Clock clock) {
    this.cluster = cluster;
    this.decider = decider;
    this.slots = slots;
    this.writer = writer;
    this.reporter = reporter;
    this.events = events;
    this.finalization = finalization;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, PreDump>> prepareEventSources(EventSourceContext<PreDump> context) {
    return cluster.eventSources(context);
  }

  @Override
  public UpdateControl<PreDump> reconcile(PreDump preDump, Context<PreDump> context) {
    Instant now = clock.instant();
    Observation observation = cluster.observe(preDump, now);
    Step step = validate(preDump, now);
    if (step == null) {
      step = claimSlot(decider.decide(observation), preDump, context);
    }
    if (!(step instanceof Step.Dispatch || step instanceof Step.Run)) {
      // Not running (any more): a slot granted earlier, say before a failed patch, is free again.
      slots.release(ResourceID.fromResource(preDump));
    }
    PreDumpStatus desired = StatusAggregator.desired(preDump, step, now);
    PreDump current = preDump;
    if (!StatusWriter.OPERATOR.sameOwnFields(preDump.getStatus(), desired)) {
      current = writer.patchStatus(context, preDump, desired);
      if (desired.getPhase() != statusPhase(preDump)) {
        LOG.infof(
            "PreDump %s/%s is %s: %s",
            preDump.getMetadata().getNamespace(),
            preDump.getMetadata().getName(),
            desired.getPhase(),
            desired.getMessage());
      }
    }
    if (desired.getPhase() == PreDumpPhase.Running) {
      writer.labelNode(context, current, desired.getNodeName());
    }
    reporter.report(preDump, step, desired);
    if (step instanceof Step.Finished finished && finished.expired()) {
      LOG.infof(
          "Deleting PreDump %s/%s: spec.retention.ttlSecondsAfterFinished passed",
          preDump.getMetadata().getNamespace(), preDump.getMetadata().getName());
      writer.delete(current);
      return UpdateControl.noUpdate();
    }
    return step.recheck()
        .map(after -> UpdateControl.<PreDump>noUpdate().rescheduleAfter(after))
        .orElseGet(UpdateControl::noUpdate);
  }

  @Override
  public DeleteControl cleanup(PreDump preDump, Context<PreDump> context) {
    return finalization.cleanup(preDump, clock.instant());
  }

  /**
   * Records an unexpected error once: a Warning Event InternalError and the Progressing condition's
   * reason. JOSDK logs the exception and retries with backoff.
   */
  @Override
  public ErrorStatusUpdateControl<PreDump> updateErrorStatus(
      PreDump preDump, Context<PreDump> context, Exception e) {
    String message = "Reconcile failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    events.once(
        preDump,
        "error-" + Integer.toHexString(message.hashCode()),
        Type.Warning,
        PreDumpReason.InternalError,
        message);
    PreDumpStatus desired = StatusAggregator.afterError(preDump, message, clock.instant());
    if (!StatusWriter.OPERATOR.sameOwnFields(preDump.getStatus(), desired)) {
      try {
        writer.patchStatus(context, preDump, desired);
      } catch (KubernetesClientException unreachable) {
        // The API server is what fails; the Event and JOSDK's log already carry the error.
      }
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** A Fail step for an invalid spec, or null when the spec is valid or the PreDump finished. */
  private static Step validate(PreDump preDump, Instant now) {
    PreDumpPhase phase = statusPhase(preDump);
    if (phase != null && phase.isTerminal()) {
      return null;
    }
    List<Violation> violations = SpecValidation.violations(preDump);
    if (violations.isEmpty()) {
      return null;
    }
    return new Step.Fail(
        PreDumpReason.InvalidSpec,
        "Invalid spec: " + PreDumpSpecValidator.describe(violations),
        now);
  }

  /** Turns a Dispatch into a Wait when no concurrency slot is free. */
  private Step claimSlot(Step step, PreDump preDump, Context<PreDump> context) {
    if (!(step instanceof Step.Dispatch dispatch)) {
      return step;
    }
    return slots
        .tryAcquire(
            ResourceID.fromResource(preDump),
            dispatch.target().nodeName(),
            context.getPrimaryCache().list())
        .<Step>map(
            waitingFor ->
                new Step.Wait(PreDumpReason.ConcurrencyLimit, waitingFor, decider.queueRecheck()))
        .orElse(step);
  }

  private static PreDumpPhase statusPhase(PreDump preDump) {
    return preDump.getStatus() == null ? null : preDump.getStatus().getPhase();
  }
}
