package dev.thalos.redis.security.check;

import dev.thalos.redis.security.endpoint.NodeAddress;
import java.util.Objects;

/**
 * The self-check of one node of a deployment: where it is, what it is ({@link Kind}), and its
 * {@link CheckReport}. Part of a {@link TopologyReport}. Immutable.
 */
public final class NodeReport {

  /** What a node is in its deployment. */
  public enum Kind {
    /** A standalone server. */
    SERVER,
    /** A primary: a cluster node serving slots, or the primary a sentinel names. */
    PRIMARY,
    /** A replica. */
    REPLICA,
    /** A Redis Sentinel. */
    SENTINEL;

    /** Lower-case label, e.g. {@code primary}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final NodeAddress address;
  private final Kind kind;
  private final CheckReport report;

  NodeReport(NodeAddress address, Kind kind, CheckReport report) {
    this.address = Objects.requireNonNull(address, "address must not be null");
    this.kind = Objects.requireNonNull(kind, "kind must not be null");
    this.report = Objects.requireNonNull(report, "report must not be null");
  }

  /** Where the node listens (as the cluster or the sentinels announce it). */
  public NodeAddress address() {
    return address;
  }

  /** What the node is. */
  public Kind kind() {
    return kind;
  }

  /** The node's own report. */
  public CheckReport report() {
    return report;
  }

  /** {@code primary 10.0.0.5:6380}. */
  public String label() {
    return kind.label() + " " + address;
  }

  @Override
  public String toString() {
    return "NodeReport[" + label() + ", " + report + "]";
  }
}
