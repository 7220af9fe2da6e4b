package dev.predump.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * What happens to the image chain when a PreDump is deleted, and when a finished one is deleted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"onDelete", "ttlSecondsAfterFinished"})
public class RetentionPolicy {

  @Default("Delete")
  @JsonPropertyDescription(
      "What the agent does with the images when the PreDump is deleted: Delete removes the"
          + " PreDump's image directory, Retain leaves it on storage for a final dump or restore"
          + " that still needs it. Default Delete.")
  private OnDelete onDelete = OnDelete.Delete;

  @Min(0)
  @JsonPropertyDescription(
      "Seconds after the PreDump finished (Succeeded or Failed) when the operator deletes it,"
          + " which applies onDelete to its images. Unset keeps it until someone deletes it.")
  private Integer ttlSecondsAfterFinished;

  /** Creates a policy with every default. */
  public RetentionPolicy() {}

  /** What deletion does to the images. */
  public OnDelete getOnDelete() {
    return onDelete;
  }

  public void setOnDelete(OnDelete onDelete) {
    this.onDelete = onDelete;
  }

  /** Seconds after finishing when the PreDump is deleted, or null for never. */
  public Integer getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetentionPolicy p
        && onDelete == p.onDelete
        && Objects.equals(ttlSecondsAfterFinished, p.ttlSecondsAfterFinished);
  }

  @Override
  public int hashCode() {
    return Objects.hash(onDelete, ttlSecondsAfterFinished);
  }

  @Override
  public String toString() {
    return "RetentionPolicy{onDelete="
        + onDelete
        + ", ttlSecondsAfterFinished="
        + ttlSecondsAfterFinished
        + "}";
  }
}
