/**
 * predump's image library: CRIU-compatible round chains, written, read and verified in pure Java.
 *
 * <ul>
 *   <li>Write a round: {@link dev.predump.image.RoundWriter#begin}, then per process {@link
 *       dev.predump.image.RoundWriter#beginProcess} and {@link
 *       dev.predump.image.ProcessWriter#present}/{@link dev.predump.image.ProcessWriter#parent} in
 *       address order, then {@link dev.predump.image.RoundWriter#commit}. Until the commit the
 *       round lives in a temporary dir that {@code close()} removes.
 *   <li>Read a chain: {@link dev.predump.image.ImageChain#open} follows {@code latest} and the
 *       {@code parent} links; {@link dev.predump.image.ImageChain#readPage} and {@link
 *       dev.predump.image.ImageChain#forEachPage} resolve {@code PE_PARENT} level by level.
 *   <li>Check a chain: {@link dev.predump.image.ChainVerifier#verify} reports every problem.
 *   <li>The byte format: {@link dev.predump.image.ImageCodec} (grammar), {@link
 *       dev.predump.image.RecordReader}, {@link dev.predump.image.ImageLayout} (names, flags).
 * </ul>
 */
package dev.predump.image;
