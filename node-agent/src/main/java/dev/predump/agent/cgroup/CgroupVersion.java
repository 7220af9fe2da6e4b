package dev.predump.agent.cgroup;

/** Which cgroup interface a cgroup directory belongs to. */
public enum CgroupVersion {
  /** The legacy freezer hierarchy: {@code freezer.state} (THAWED, FREEZING, FROZEN). */
  V1,
  /** The unified hierarchy: {@code cgroup.freeze} and the {@code frozen} key of cgroup.events. */
  V2
}
