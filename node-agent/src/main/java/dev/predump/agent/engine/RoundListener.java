package dev.predump.agent.engine;

/** Told about each round as it completes: the CLI prints it, the agent reports it in status. */
@FunctionalInterface
public interface RoundListener {
  void roundCompleted(RoundStats stats);
}
