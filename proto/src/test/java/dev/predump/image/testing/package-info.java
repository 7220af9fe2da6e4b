/**
 * Test support shipped in the test-jar: {@link dev.predump.image.testing.RandomChain} builds chains
 * from fixed seeds with their {@link dev.predump.image.testing.ChainModel}, {@link
 * dev.predump.image.testing.ChainAssertions} checks chains, {@link dev.predump.image.testing.Crit}
 * runs CRIU's crit and parses its JSON.
 */
package dev.predump.image.testing;
