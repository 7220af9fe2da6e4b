package dev.predump.localcluster;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where the built project is: the root whose modules' {@code target} folders hold the jars. */
final class ProjectHome {
  private ProjectHome() {}

  /**
   * The system property {@code predump.home} (the launcher sets it), else three levels above this
   * class's jar, {@code <home>/local-cluster/target/predump-local-cluster.jar} (or above {@code
   * target/classes} when run from the build tree).
   */
  static Path locate() {
    String property = System.getProperty("predump.home");
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    try {
      Path code =
          Path.of(ProjectHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.toAbsolutePath().getParent().getParent().getParent().normalize();
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("").toAbsolutePath();
    }
  }
}
