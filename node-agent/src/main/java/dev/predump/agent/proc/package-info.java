/**
 * Parsers of {@code /proc}: plain file reads, no native calls. Files of a process that is gone
 * raise {@link dev.predump.agent.kernel.NoSuchProcessException}; every parser also has a {@code
 * parse(String)} entry point that tests feed with captured fixtures.
 *
 * <p>What is safe inside the frozen window: {@code maps}, {@code stat}, {@code status}, {@code
 * uptime} and {@code task/} are O(mappings or threads). {@code smaps} walks page tables, O(memory):
 * read it only while the target runs.
 */
package dev.predump.agent.proc;
