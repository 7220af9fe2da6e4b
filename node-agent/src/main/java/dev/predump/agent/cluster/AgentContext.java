package dev.predump.agent.cluster;

import dev.predump.agent.engine.KernelPages;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every PreDump run of this agent shares.
 *
 * @param settings the environment
 * @param api writes to PreDumps
 * @param cgroups container ID → cgroup
 * @param markers frozen markers for restart safety
 * @param metrics counters for /metrics
 * @param kernel page state source (the live kernel outside tests)
 * @param timer heartbeats and Lease renewals
 * @param runs the registry of runs on this node
 */
record AgentContext(
    AgentSettings settings,
    PreDumpApi api,
    ContainerCgroups cgroups,
    FrozenMarkers markers,
    AgentMetrics metrics,
    KernelPages kernel,
    ScheduledExecutorService timer,
    Runs runs) {}
