package dev.predump.agent.cli;

import dev.predump.agent.cluster.AgentCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./predump} command line: pre-copy without Kubernetes, and the demo. */
@Command(
    name = "predump",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Pre-copies a running process or container into a CRIU-compatible image chain,",
      "freezing it only for milliseconds per round."
    },
    subcommands = {
      DumpCommand.class,
      VerifyCommand.class,
      WorkloadCommand.class,
      DemoCommand.class,
      AgentCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PredumpCommand implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code: 0 success, 1 error, 2 usage. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new PredumpCommand());
    cli.registerConverter(java.time.Duration.class, new DurationConverter());
    cli.setExecutionExceptionHandler(new OneLineErrors());
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine()
              .getErr()
              .println("predump: " + e.getMessage().replaceFirst("^Error: ", ""));
          e.getCommandLine()
              .getErr()
              .println("(see 'predump " + commandPath(e.getCommandLine()) + "--help')");
          return 2;
        });
    return cli.execute(args);
  }

  private static String commandPath(CommandLine cl) {
    String name = cl.getCommandName();
    return "predump".equals(name) ? "" : name + " ";
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
