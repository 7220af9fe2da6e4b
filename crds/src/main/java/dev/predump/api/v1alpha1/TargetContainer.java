package dev.predump.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A container the operator resolved for pre-copy ({@code status.containers[]}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "containerID"})
public class TargetContainer {

  @Required
  @JsonPropertyDescription("Container name in the pod spec.")
  private String name;

  @Required
  @JsonPropertyDescription(
      "Runtime container ID from the pod status, with its runtime prefix"
          + " (\"containerd://<id>\", \"cri-o://<id>\", \"docker://<id>\"). The agent finds the"
          + " container's cgroup from it.")
  private String containerID;

  /** Creates an empty entry (for Jackson). */
  public TargetContainer() {}

  /** Creates an entry. */
  public TargetContainer(String name, String containerID) {
    this.name = name;
    this.containerID = containerID;
  }

  /** Container name. */
  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** Runtime-prefixed container ID. */
  public String getContainerID() {
    return containerID;
  }

  public void setContainerID(String containerID) {
    this.containerID = containerID;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetContainer c
        && Objects.equals(name, c.name)
        && Objects.equals(containerID, c.containerID);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, containerID);
  }

  @Override
  public String toString() {
    return name + "(" + containerID + ")";
  }
}
