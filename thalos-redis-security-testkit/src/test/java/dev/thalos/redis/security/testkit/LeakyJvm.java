package dev.thalos.redis.security.testkit;

/**
 * Started as a separate JVM by {@link RedisServerTest}: starts a server, prints its pid and directory, and exits
 * without closing it (or, with the argument {@code wait}, waits to be killed), so that the test can check that
 * the server does not outlive the JVM.
 */
final class LeakyJvm {

  private LeakyJvm() {}

  public static void main(String[] args) {
    RedisServer server = RedisServer.builder().start();
    System.out.println(server.pid() + " " + server.directory());
    System.out.flush();
    if (args.length > 0 && args[0].equals("wait")) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    System.exit(0);
  }
}
