package dev.predump.agent.kernel;

/**
 * Run as its own JVM by {@link RealtimeWindowIT} (under setpriv, without CAP_SYS_NICE): enters the
 * real-time window twice and prints, for each, whether it was raised and the thread's policy.
 */
public final class RealtimeWindowMain {

  private RealtimeWindowMain() {}

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < 2; i++) {
      try (RealtimeWindow window = RealtimeWindow.enter()) {
        System.out.println("raised=" + window.raised() + " policy=" + RealtimeWindowIT.policy());
      }
    }
    System.out.flush();
  }
}
