/**
 * The agent's cluster mode: watches the PreDumps of its node through the API server, runs the
 * engine on their containers and reports progress in their status (the contract is {@code
 * operator/docs/operator.md}).
 */
package dev.predump.agent.cluster;
