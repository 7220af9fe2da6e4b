package dev.predump.agent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure into one readable line on stderr and exit code 1; the stack trace only with
 * {@code PREDUMP_DEBUG=1}. A person reading the terminal needs the reason, not the call chain.
 */
final class OneLineErrors implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    cli.getErr().println("predump: " + describe(e));
    if (System.getenv("PREDUMP_DEBUG") != null) {
      e.printStackTrace(cli.getErr());
    }
    return 1;
  }

  static String describe(Throwable e) {
    Throwable t = e;
    if (t instanceof UncheckedIOException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof NoSuchFileException f) {
      return "no such file or directory: " + f.getFile();
    }
    if (t instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (t instanceof FileSystemException f && f.getReason() != null) {
      String msg = f.getReason().toLowerCase(java.util.Locale.ROOT);
      if (msg.contains("no space")) {
        return "storage full while writing " + f.getFile() + " (the round was discarded)";
      }
      return f.getFile() + ": " + f.getReason();
    }
    if (t instanceof IOException
        && t.getMessage() != null
        && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("no space left")) {
      return "storage full: " + t.getMessage() + " (the round was discarded)";
    }
    String msg = t.getMessage();
    if (msg == null || msg.isBlank()) {
      return t.getClass().getSimpleName() + " (run with PREDUMP_DEBUG=1 for details)";
    }
    return msg;
  }
}
