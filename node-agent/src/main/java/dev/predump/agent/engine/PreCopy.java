package dev.predump.agent.engine;

import dev.predump.agent.kernel.MemoryCopier;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Iterative pre-copy of one target into one image chain: rounds until the stop policy, the timeout
 * or a cancel ends the run. Round 1 copies everything; each later round writes what its tracker
 * finds changed and refers every other covered page to the round before.
 */
public final class PreCopy {
  private final List<ChainMember> members;
  private final DumpOptions options;
  private final KernelPages kernel;
  private Supplier<DumpOptions> latestOptions;

  public PreCopy(Target target, Path chainDir, DumpOptions options, SourceIdentity source) {
    this(target, chainDir, options, source, KernelPages.live());
  }

  /** With another source of page state than the running kernel (tests of soft-dirty). */
  public PreCopy(
      Target target,
      Path chainDir,
      DumpOptions options,
      SourceIdentity source,
      KernelPages kernel) {
    this(List.of(new ChainMember(target, chainDir, source)), options, kernel);
  }

  /**
   * Several containers stopped together once per round, each into its own chain: the containers of
   * one pod, whose memory may be shared and must be seen at one moment.
   */
  public PreCopy(List<ChainMember> members, DumpOptions options, KernelPages kernel) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one target");
    }
    this.members = List.copyOf(members);
    this.options = options;
    this.kernel = kernel;
    this.latestOptions = () -> options;
  }

  /**
   * Reads the stop policy and the interval from {@code latest} after every round, so that a
   * PreDump's {@code spec.rounds} edited while the rounds run takes effect at the next round. The
   * tracker, freeze budget, bandwidth and timeout stay as the run started. A supplier that fails
   * leaves the previous values in force.
   */
  public PreCopy followingOptions(Supplier<DumpOptions> latest) {
    this.latestOptions = latest;
    return this;
  }

  private DumpOptions currentOptions(DumpOptions previous) {
    try {
      DumpOptions now = latestOptions.get();
      return now != null ? now : previous;
    } catch (RuntimeException e) {
      return previous;
    }
  }

  /** Resolves AUTO with a real probe, and refuses soft-dirty where the kernel lacks it. */
  public static Tracking resolve(Tracking requested, KernelPages kernel) throws IOException {
    return switch (requested) {
      case AUTO -> kernel.softDirtySupported() ? Tracking.SOFT_DIRTY : Tracking.HASH;
      case SOFT_DIRTY -> {
        if (!kernel.softDirtySupported()) {
          throw new IOException(
              "soft-dirty tracking requested, but this kernel does not track soft-dirty pages"
                  + " (CONFIG_MEM_SOFT_DIRTY); use --tracking hash");
        }
        yield Tracking.SOFT_DIRTY;
      }
      default -> requested;
    };
  }

  static DirtyTracker trackerFor(Tracking tracking) {
    return switch (tracking) {
      case SOFT_DIRTY -> new SoftDirtyTracker();
      case HASH -> new HashTracker();
      case FULL -> new FullTracker();
      case AUTO -> throw new IllegalArgumentException("resolve AUTO first");
    };
  }

  /** Runs rounds until one of the stop rules says enough. */
  public RunResult run(RoundListener listener, Cancellation cancellation) throws IOException {
    return run(listener, cancellation, false, 0);
  }

  /**
   * Continues the chain already in {@code chainDir} (written by an earlier run of the same tracker
   * that ended without finishing, e.g. an agent that crashed): the next round refers to the top
   * round, whose ledger is rebuilt from the images (for the hash tracker, by hashing every page
   * through the chain). Remove unfinished round directories first. {@code previousDirtyBytes} is
   * what the top round wrote, for the not-converging rule. Only rounds run now are in the result.
   */
  public RunResult resume(
      RoundListener listener, Cancellation cancellation, long previousDirtyBytes)
      throws IOException {
    return run(listener, cancellation, true, previousDirtyBytes);
  }

  private RunResult run(
      RoundListener listener, Cancellation cancellation, boolean resume, long resumeDirty)
      throws IOException {
    Tracking tracking = resolve(options.tracking(), kernel);
    List<RoundStats> done = new ArrayList<>();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "predump-freeze-budget");
              t.setDaemon(true);
              return t;
            });
    try (MemoryCopier copier = new MemoryCopier(options.bufferBytes())) {
      RoundRunner runner =
          new RoundRunner(members, trackerFor(tracking), kernel, copier, options, timer);
      Map<ProcessKey, PageLedger> previous = Map.of();
      long previousStop = 0;
      long previousDirty = 0;
      int first = 1;
      DumpOptions policy = options;
      if (resume) {
        Map<ProcessKey, PageLedger> rebuilt = new HashMap<>();
        for (ChainMember m : members) {
          ChainLedgers.Top top = ChainLedgers.read(m.chainDir(), tracking == Tracking.HASH);
          if (first != 1 && first != top.round() + 1) {
            throw new IOException(
                "the chains of this run end at different rounds ("
                    + m.chainDir()
                    + " at round "
                    + top.round()
                    + "); cannot continue them together");
          }
          first = top.round() + 1;
          rebuilt.putAll(top.ledgers());
        }
        previous = rebuilt;
        previousDirty = resumeDirty;
      }
      for (int round = first; ; round++) {
        RoundRunner.Outcome outcome;
        try {
          outcome = runner.run(round, previous, cancellation);
        } catch (RunStoppedException e) {
          boolean failed = done.isEmpty() && e.reason() != StopReason.CANCELLED;
          return new RunResult(chainDir(), tracking, done, e.reason(), e.getMessage(), failed);
        } catch (FreezeBudgetExceededException e) {
          return new RunResult(
              chainDir(), tracking, done, StopReason.FREEZE_BUDGET_EXCEEDED, e.getMessage(), true);
        }
        RoundStats stats = withDirtyRate(outcome.stats(), outcome.stopNanos(), previousStop);
        done.add(stats);
        listener.roundCompleted(stats);
        policy = currentOptions(policy);
        Optional<StopReason> stop =
            policy.stopPolicy().afterRound(round, stats.dirtyBytes(), previousDirty);
        if (stop.isPresent()) {
          return new RunResult(
              chainDir(), tracking, done, stop.get(), describe(stop.get(), stats, policy), false);
        }
        previous = outcome.ledgers();
        previousStop = outcome.stopNanos();
        previousDirty = stats.dirtyBytes();
        try {
          cancellation.pause(policy.interval());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancellation.cancel("interrupted");
        }
      }
    } finally {
      timer.shutdownNow();
    }
  }

  private static RoundStats withDirtyRate(RoundStats s, long stopNanos, long previousStopNanos) {
    if (previousStopNanos == 0 || stopNanos <= previousStopNanos) {
      return s;
    }
    long rate = s.dirtyBytes() * 1_000_000_000L / (stopNanos - previousStopNanos);
    return s.withDirtyBytesPerSecond(rate);
  }

  private static String describe(StopReason reason, RoundStats last, DumpOptions options) {
    return switch (reason) {
      case CONVERGED ->
          String.format(
              "converged: round %d wrote %d bytes, below %d",
              last.round(), last.dirtyBytes(), options.stopPolicy().convergeBelowBytes());
      case MAX_ROUNDS -> "reached the maximum of " + options.stopPolicy().maxRounds() + " rounds";
      case NOT_CONVERGING ->
          String.format(
              "not converging: round %d wrote %d bytes, no fewer than the round before",
              last.round(), last.dirtyBytes());
      default -> reason.name().toLowerCase(Locale.ROOT);
    };
  }

  private Path chainDir() {
    return members.get(0).chainDir();
  }

  /** When the run must end at the latest. */
  public static Instant deadline(DumpOptions options) {
    return Instant.now().plus(options.timeout());
  }
}
