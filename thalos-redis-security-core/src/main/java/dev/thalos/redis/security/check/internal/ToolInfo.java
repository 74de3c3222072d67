package dev.thalos.redis.security.check.internal;

/** Name, version and home of the tool as reports name it. Not part of the public API. */
public final class ToolInfo {

  public static final String NAME = "thalos-redis-security";
  public static final String INFORMATION_URI = "https://github.com/eosswedenorg/thalos";

  private ToolInfo() {}

  /** The jar's Implementation-Version, or {@code 0.0.0-dev} when running from classes. */
  public static String version() {
    String v = ToolInfo.class.getPackage().getImplementationVersion();
    return v == null ? "0.0.0-dev" : v;
  }
}
