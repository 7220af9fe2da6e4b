package dev.predump.agent.cgroup;

/** The freezer contract on the cgroup v2 (unified) hierarchy. */
class CgroupV2FreezerIT extends FreezerContract {

  @Override
  CgroupVersion version() {
    return CgroupVersion.V2;
  }
}
