/**
 * The native kernel layer of the node agent: process_vm_readv copies ({@link
 * dev.predump.agent.kernel.MemoryCopier}), pagemap scans ({@link
 * dev.predump.agent.kernel.PagemapSources}), the soft-dirty probe ({@link
 * dev.predump.agent.kernel.SoftDirty}) and ptrace stops of bare processes ({@link
 * dev.predump.agent.kernel.PtraceStopper}).
 *
 * <p>All native calls go through one package-private class ({@code LibC}, jnr-ffi); errors come out
 * as {@link dev.predump.agent.kernel.KernelException} with the errno and the call's name. No
 * pointer or file descriptor leaves the package. Assumes 64-bit Linux.
 */
package dev.predump.agent.kernel;
