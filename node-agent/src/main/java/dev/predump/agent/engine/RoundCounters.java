package dev.predump.agent.engine;

/** Page and byte counts of one round, filled in as processes are copied. Single-threaded. */
public final class RoundCounters {
  long pagesScanned;
  long pagesDirty;
  long pagesWritten;
  long pagesParent;
  long pagesVanished;
  long pagesUnreadable;
  long pagesViaProcMem;
  long bytesWritten;
  int mappings;
  int processes;
  int processesExited;

  /** Adds another member's counts to these. */
  void add(RoundCounters o) {
    pagesScanned += o.pagesScanned;
    pagesDirty += o.pagesDirty;
    pagesWritten += o.pagesWritten;
    pagesParent += o.pagesParent;
    pagesVanished += o.pagesVanished;
    pagesUnreadable += o.pagesUnreadable;
    pagesViaProcMem += o.pagesViaProcMem;
    bytesWritten += o.bytesWritten;
    mappings += o.mappings;
    processes += o.processes;
    processesExited += o.processesExited;
  }

  public long pagesScanned() {
    return pagesScanned;
  }

  public long pagesDirty() {
    return pagesDirty;
  }

  public long pagesWritten() {
    return pagesWritten;
  }

  public long pagesParent() {
    return pagesParent;
  }

  public long pagesVanished() {
    return pagesVanished;
  }

  public long pagesUnreadable() {
    return pagesUnreadable;
  }

  public long pagesViaProcMem() {
    return pagesViaProcMem;
  }

  public long bytesWritten() {
    return bytesWritten;
  }

  public int mappings() {
    return mappings;
  }

  public int processes() {
    return processes;
  }

  public int processesExited() {
    return processesExited;
  }
}
