/**
 * Freezing a container's cgroup for the milliseconds of a round: {@link
 * dev.predump.agent.cgroup.Cgroup} finds the cgroup (v1 freezer or v2), {@link
 * dev.predump.agent.cgroup.Freezer} freezes and thaws it, {@link
 * dev.predump.agent.cgroup.CgroupSafety} refuses freezes that could never be undone, and {@link
 * dev.predump.agent.cgroup.ThawGuard} thaws it from outside the JVM if the agent dies or hangs.
 *
 * <p>Order per round: {@code checkFreezable} once, {@code guard.arm(deadline)}, {@code
 * freezer.freeze(timeout)}, the frozen work, then {@code freezer.isFrozen()} (false: the guard or
 * someone else thawed it mid-round, so the round's view is not consistent and must be discarded),
 * {@code freezer.thaw()} in a finally block, {@code guard.disarm()}.
 */
package dev.predump.agent.cgroup;
