package dev.thalos.redis.security.check;

import dev.thalos.redis.security.endpoint.RedisTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The self-check of a whole deployment — every node of a Redis Cluster, or the primary, replicas and sentinels of
 * a Sentinel set: one {@link NodeReport} per node, plus the findings about the deployment as a whole (nodes found,
 * ACLs equal on every node, sentinels in agreement). {@link #merged()} folds everything into one
 * {@link CheckReport} — node findings say which node they are about — so that policies, the text, JSON and SARIF
 * writers and the CLI's exit codes work unchanged. Immutable.
 *
 * <pre>{@code
 * TopologyReport report = LettuceSelfCheck.runTopology(clusterEndpoint);
 * report.nodes().forEach(n -> log.info("{}: {}", n.label(), n.report()));
 * report.requirePassing(Policy.failOn(Severity.HIGH));
 * }</pre>
 */
public final class TopologyReport {

  private final String target;
  private final RedisTopology topology;
  private final List<NodeReport> nodes;
  private final List<Finding> findings;
  private final List<RuleDescriptor> rules;
  private final Role role;
  private final Instant startedAt;
  private final Duration duration;
  private final CheckReport merged;

  TopologyReport(String target, RedisTopology topology, Role role, List<NodeReport> nodes, List<RuleDescriptor> rules,
      List<Finding> findings, Instant startedAt, Duration duration) {
    this.target = target;
    this.topology = topology;
    this.role = role;
    this.nodes = List.copyOf(nodes);
    this.rules = List.copyOf(rules);
    this.findings = List.copyOf(findings);
    this.startedAt = startedAt;
    this.duration = duration;
    this.merged = merge();
  }

  /** The deployment's URI, without password. */
  public String target() {
    return target;
  }

  /** Cluster, sentinel set or a single server. */
  public RedisTopology topology() {
    return topology;
  }

  /** One report per node, data nodes first (primaries, then replicas), then sentinels. */
  public List<NodeReport> nodes() {
    return nodes;
  }

  /** The report of the node at {@code address} ({@code host:port}), if it was checked. */
  public Optional<NodeReport> node(String address) {
    return nodes.stream().filter(n -> n.address().toString().equals(address)).findFirst();
  }

  /** The findings about the deployment as a whole ({@code topology.*} and {@code sentinel.*} rules). */
  public List<Finding> findings() {
    return findings;
  }

  /** The finding of a deployment-wide rule, if it ran. */
  public Optional<Finding> finding(String ruleId) {
    return findings.stream().filter(f -> f.ruleId().equals(ruleId)).findFirst();
  }

  /**
   * Everything as one report: the deployment-wide findings, then every node's findings with the node named at the
   * start of the summary ({@code [replica 10.0.0.6:6380] ...}); round trips, connections and rules summed up.
   */
  public CheckReport merged() {
    return merged;
  }

  /** Whether nothing in the deployment fails {@code policy}. */
  public boolean passes(Policy policy) {
    return merged.passes(policy);
  }

  /**
   * Returns this report if it passes {@code policy}.
   *
   * @throws CheckFailedException naming every failing rule and node otherwise
   */
  public TopologyReport requirePassing(Policy policy) {
    merged.requirePassing(policy);
    return this;
  }

  /** {@link #merged()} in {@code format}. */
  public String render(ReportFormat format) {
    return merged.render(format);
  }

  private CheckReport merge() {
    Map<String, RuleDescriptor> allRules = new LinkedHashMap<>();
    rules.forEach(r -> allRules.putIfAbsent(r.id(), r));
    long roundTrips = 0;
    long connections = 0;
    for (NodeReport n : nodes) {
      n.report().rules().forEach(r -> allRules.putIfAbsent(r.id(), r));
      roundTrips += n.report().roundTrips();
      connections += n.report().connectionsOpened();
    }
    CheckReport.Builder b = CheckReport.builder()
        .target(target)
        .role(role)
        .startedAt(startedAt)
        .duration(duration)
        .roundTrips(roundTrips)
        .connectionsOpened(connections);
    allRules.values().forEach(b::rule);
    findings.forEach(b::finding);
    for (NodeReport n : nodes) {
      for (Finding f : n.report().findings()) {
        b.finding(f.mutate().summary("[" + n.label() + "] " + f.summary()).build());
      }
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "TopologyReport[" + topology.label() + " " + target + ", " + nodes.size() + " nodes, " + merged + "]";
  }
}
