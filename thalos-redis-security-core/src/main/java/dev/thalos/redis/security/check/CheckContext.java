package dev.thalos.redis.security.check;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Rule} may look at: the {@link Role} the check runs for, a description of the target, an optional
 * {@link RedisProbe}, and typed attributes (an offline audit puts its parsed configuration there).
 *
 * <pre>{@code
 * CheckContext context = CheckContext.builder()
 *     .role(Role.SUBSCRIBER)
 *     .target("rediss://redis.example:6380")
 *     .probe(probe)
 *     .build();
 * }</pre>
 */
public final class CheckContext {

  private final Role role;
  private final String target;
  private final RedisProbe probe;
  private final Map<Class<?>, Object> attributes;

  private CheckContext(Builder b) {
    this.role = b.role;
    this.target = b.target;
    this.probe = b.probe;
    this.attributes = Map.copyOf(b.attributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A pre-filled copy. */
  public Builder mutate() {
    Builder b = new Builder().role(role).target(target);
    b.probe = probe;
    b.attributes.putAll(attributes);
    return b;
  }

  public Role role() {
    return role;
  }

  /** What is being checked, e.g. a URI without credentials or a file path. */
  public String target() {
    return target;
  }

  /** The probe, if the check has a connection to Redis. */
  public Optional<RedisProbe> probe() {
    return Optional.ofNullable(probe);
  }

  /**
   * The probe, or a {@link ProbeException} ({@code probe.unavailable}) that the engine reports as "skipped: no
   * connection to Redis".
   */
  public RedisProbe requireProbe() {
    if (probe == null) {
      throw new ProbeException(ProbeException.UNAVAILABLE, "no connection to Redis in this check");
    }
    return probe;
  }

  /** The attribute stored under {@code type}, if any. */
  public <T> Optional<T> attribute(Class<T> type) {
    Objects.requireNonNull(type, "type must not be null");
    return Optional.ofNullable(type.cast(attributes.get(type)));
  }

  @Override
  public String toString() {
    return "CheckContext[" + role.label() + ", " + target + ", probe=" + (probe != null) + "]";
  }

  /** Builder of {@link CheckContext}. If unset, the role is {@link Role#OPERATOR} and the target "redis". */
  public static final class Builder {
    private Role role = Role.OPERATOR;
    private String target = "redis";
    private RedisProbe probe;
    private final Map<Class<?>, Object> attributes = new LinkedHashMap<>();

    private Builder() {}

    public Builder role(Role role) {
      this.role = Objects.requireNonNull(role, "role must not be null");
      return this;
    }

    /** Description of the target; must not contain credentials. */
    public Builder target(String target) {
      Objects.requireNonNull(target, "target must not be null");
      if (target.isBlank()) {
        throw new IllegalArgumentException("invalid target: must not be blank");
      }
      this.target = target;
      return this;
    }

    public Builder probe(RedisProbe probe) {
      this.probe = Objects.requireNonNull(probe, "probe must not be null");
      return this;
    }

    /** Stores {@code value} under its type; rules read it with {@link CheckContext#attribute(Class)}. */
    public <T> Builder attribute(Class<T> type, T value) {
      Objects.requireNonNull(type, "type must not be null");
      Objects.requireNonNull(value, "value must not be null");
      attributes.put(type, type.cast(value));
      return this;
    }

    public CheckContext build() {
      return new CheckContext(this);
    }
  }
}
