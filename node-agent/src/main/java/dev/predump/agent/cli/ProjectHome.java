package dev.predump.agent.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where the built project is: the root whose modules' {@code target} folders hold the jars. Shared
 * by the agent jar's {@code demo --cluster} and the local-cluster jar it starts.
 */
public final class ProjectHome {
  private ProjectHome() {}

  /**
   * The system property {@code predump.home} (the launcher sets it), else three levels above the
   * jar this class was loaded from, {@code <home>/<module>/target/<jar>} (or above {@code
   * target/classes} when run from the build tree).
   */
  public static Path locate() {
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
