package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Instant;

/**
 * What the operator sees of one PreDump's world at one moment: the PreDump, its pod and the Lease
 * of the agent of the pod's node (or of the node it was dispatched to).
 *
 * @param preDump the PreDump as cached
 * @param pod its pod, or null when there is none
 * @param agentLease the agent Lease of its node, or null when there is none or no node is known
 * @param now the time of the observation
 */
public record Observation(PreDump preDump, Pod pod, Lease agentLease, Instant now) {}
