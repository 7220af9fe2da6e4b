package dev.predump.agent.engine;

/**
 * A process across rounds: a host pid alone could be reused by another process between rounds, the
 * start time tells them apart.
 */
record ProcessKey(int hostPid, long startTimeTicks) {}
