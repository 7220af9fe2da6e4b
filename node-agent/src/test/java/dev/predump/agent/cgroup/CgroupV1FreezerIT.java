package dev.predump.agent.cgroup;

/** The freezer contract on the cgroup v1 freezer hierarchy. */
class CgroupV1FreezerIT extends FreezerContract {

  @Override
  CgroupVersion version() {
    return CgroupVersion.V1;
  }
}
