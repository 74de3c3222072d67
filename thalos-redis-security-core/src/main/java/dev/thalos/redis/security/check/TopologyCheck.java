package dev.thalos.redis.security.check;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.acl.AclEvaluator;
import dev.thalos.redis.security.acl.AclParser;
import dev.thalos.redis.security.acl.AclSelector;
import dev.thalos.redis.security.acl.AclUser;
import dev.thalos.redis.security.endpoint.NodeAddress;
import dev.thalos.redis.security.endpoint.RedisTopology;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.tls.VerifyMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Self-checks every node of a deployment: finds the nodes ({@code CLUSTER NODES} on a seed; the primary, replicas
 * and other sentinels from the sentinels), runs {@link SelfCheck} on each data node over a connection made exactly
 * as the application's (same TLS settings, credentials and role, see {@link ThalosRedisEndpoint#forNode}), checks
 * each sentinel, and compares the nodes with each other:
 *
 * <ul>
 *   <li>{@value #DISCOVERY}: every node was found and answered;</li>
 *   <li>{@value #ACL_CONSISTENT}: the ACL users ({@code ACL LIST}, operator role) are the same on every data node —
 *       Redis does not replicate ACLs, so a user changed on one node only is a common and dangerous drift;</li>
 *   <li>{@value #PERMISSIONS_CONSISTENT}: the endpoint's own user got the same answer to every access rule on every
 *       node (works for any role);</li>
 *   <li>{@value #SENTINEL_AUTH}, {@value #SENTINEL_TLS}, {@value #SENTINEL_MASTER}: sentinels refuse anonymous
 *       clients, are reached over verified TLS, and agree on the primary with a reachable quorum.</li>
 * </ul>
 *
 * <p>A standalone endpoint gives a report with one node. Core has no Redis client: the caller supplies the
 * {@link ProbeOpener} (the Lettuce module's {@code LettuceSelfCheck.runTopology} does). Only read-only commands
 * are sent, through the same guard as the single-node check.
 */
public final class TopologyCheck {

  /** Rule id: the deployment's nodes were found and answered. */
  public static final String DISCOVERY = "topology.discovery";
  /** Rule id: ACL users are identical on every data node. */
  public static final String ACL_CONSISTENT = "topology.acl.consistent";
  /** Rule id: the endpoint's user has the same permissions on every data node. */
  public static final String PERMISSIONS_CONSISTENT = "topology.permissions.consistent";
  /** Rule id: sentinels refuse unauthenticated clients. */
  public static final String SENTINEL_AUTH = "sentinel.auth.required";
  /** Rule id: sentinels are reached over verified TLS. */
  public static final String SENTINEL_TLS = "sentinel.tls.in-use";
  /** Rule id: every sentinel names the same primary and can reach a quorum. */
  public static final String SENTINEL_MASTER = "sentinel.master.agreed";

  private static final RuleDescriptor DISCOVERY_RULE = RuleDescriptor.of(DISCOVERY,
      "Every node of the deployment is found and answers", Severity.HIGH,
      "Lists the nodes of the deployment (CLUSTER NODES on a seed node; SENTINEL GET-MASTER-ADDR-BY-NAME, REPLICAS "
          + "and SENTINELS on the sentinels) and checks each of them. A node that cannot be listed or reached "
          + "cannot be checked, and a deployment whose nodes differ is only as secure as its weakest node.");
  private static final RuleDescriptor ACL_RULE = RuleDescriptor.of(ACL_CONSISTENT,
      "ACL users are the same on every data node", Severity.HIGH,
      "Redis replicates neither ACL SETUSER nor aclfile changes: each node of a cluster and each replica has its "
          + "own users. A user tightened on one node but not on the others keeps its old permissions there, and "
          + "a cluster client reaches every node. Compares ACL LIST (rules and password hashes) across data "
          + "nodes; needs the operator role.");
  private static final RuleDescriptor PERMISSIONS_RULE = RuleDescriptor.of(PERMISSIONS_CONSISTENT,
      "The endpoint's user has the same permissions on every data node", Severity.HIGH,
      "Compares the outcome of every access rule (live.acl.*, live.auth.required) between data nodes. A "
          + "difference means the ACLs drifted apart: the user can do more on some node than on the others.");
  private static final RuleDescriptor SENTINEL_AUTH_RULE = RuleDescriptor.of(SENTINEL_AUTH,
      "Sentinels refuse unauthenticated clients", Severity.CRITICAL,
      "A sentinel that answers without AUTH lets anyone who reaches it reconfigure the monitored master "
          + "(SENTINEL SET), remove it, or force a failover. Sentinels need their own ACL users "
          + "(user directives in sentinel.conf) with the default user off, or requirepass.");
  private static final RuleDescriptor SENTINEL_TLS_RULE = RuleDescriptor.of(SENTINEL_TLS,
      "Sentinels are reached over verified TLS", Severity.HIGH,
      "Clients ask the sentinels where the primary is; over plaintext or without certificate verification an "
          + "attacker on the path can answer with an address of their choosing and receive the application's "
          + "connection and password.");
  private static final RuleDescriptor SENTINEL_MASTER_RULE = RuleDescriptor.of(SENTINEL_MASTER,
      "Every sentinel names the same primary and reaches a quorum", Severity.HIGH,
      "Runs SENTINEL GET-MASTER-ADDR-BY-NAME and SENTINEL CKQUORUM on every sentinel. Sentinels that disagree, or "
          + "cannot authorise a failover, leave clients on a stale or missing primary.");

  private static final Set<String> ACCESS_RULE_PREFIXES = Set.of("live.acl.", "live.auth.");

  /** Opens a probe connection to one node, as the application would connect. */
  @FunctionalInterface
  public interface ProbeOpener {
    /**
     * A probe connected to {@code endpoint} (always a standalone endpoint of one node).
     *
     * @throws ThalosSecurityException if the connection fails; the check reports it and goes on
     */
    RedisProbe open(ThalosRedisEndpoint endpoint);
  }

  private final ThalosRedisEndpoint endpoint;
  private final SelfCheck check;
  private final ProbeOpener opener;
  private final Clock clock;
  private final AtomicLong roundTrips = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final List<Finding> findings = new ArrayList<>();
  private final List<String> discoveryProblems = new ArrayList<>();

  private TopologyCheck(ThalosRedisEndpoint endpoint, SelfCheck check, ProbeOpener opener) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
    this.check = Objects.requireNonNull(check, "check must not be null");
    this.opener = Objects.requireNonNull(opener, "opener must not be null");
    this.clock = check.clock();
  }

  /**
   * Checks every node of {@code endpoint}'s deployment with the settings of {@code check}.
   *
   * <pre>{@code
   * TopologyReport report = TopologyCheck.run(endpoint, SelfCheck.forEndpoint(endpoint), LettuceSelfCheck::openProbe);
   * }</pre>
   */
  public static TopologyReport run(ThalosRedisEndpoint endpoint, SelfCheck check, ProbeOpener opener) {
    return new TopologyCheck(endpoint, check, opener).run();
  }

  private TopologyReport run() {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    List<NodeReport> nodes = new ArrayList<>();
    List<RuleDescriptor> rules = new ArrayList<>(List.of(DISCOVERY_RULE, PERMISSIONS_RULE));
    Map<NodeAddress, NodeReport.Kind> dataNodes;
    Map<NodeAddress, Optional<List<String>>> acls = new LinkedHashMap<>();
    switch (endpoint.topology()) {
      case CLUSTER:
        dataNodes = discoverCluster();
        break;
      case SENTINEL:
        rules.addAll(List.of(SENTINEL_AUTH_RULE, SENTINEL_TLS_RULE, SENTINEL_MASTER_RULE));
        dataNodes = new LinkedHashMap<>();
        nodes.addAll(checkSentinels(dataNodes));
        break;
      default:
        dataNodes = new LinkedHashMap<>(Map.of(endpoint.nodes().get(0), NodeReport.Kind.SERVER));
    }
    List<NodeReport> dataReports = new ArrayList<>();
    dataNodes.entrySet().stream()
        .sorted((a, b) -> a.getValue().compareTo(b.getValue()))
        .forEach(e -> dataReports.add(checkDataNode(e.getKey(), e.getValue(), acls)));
    nodes.addAll(0, dataReports);
    if (check.role() == Role.OPERATOR) {
      rules.add(ACL_RULE);
      findings.add(0, aclConsistency(acls));
    } else if (dataReports.size() > 1) {
      rules.add(ACL_RULE);
      findings.add(0, Finding.builder(ACL_RULE).outcome(Outcome.SKIPPED)
          .summary("skipped: comparing ACL users needs ACL LIST, which only the operator (admin) role may run; "
              + "the user's own permissions are compared instead (" + PERMISSIONS_CONSISTENT + ")")
          .build());
    }
    findings.add(0, permissionConsistency(dataReports));
    findings.add(0, discovery(dataReports, nodes.size() - dataReports.size()));
    return new TopologyReport(endpoint.toUri(), endpoint.topology(), check.role(), nodes, rules, findings,
        started, Duration.ofNanos(System.nanoTime() - t0));
  }

  // ---------------------------------------------------------------------------------------------- cluster

  private Map<NodeAddress, NodeReport.Kind> discoverCluster() {
    Map<NodeAddress, NodeReport.Kind> nodes = new LinkedHashMap<>();
    for (NodeAddress seed : endpoint.nodes()) {
      try (RedisProbe probe = open(endpoint.forNode(seed))) {
        ProbeReply reply = probe.command("CLUSTER", "NODES");
        if (reply.isError()) {
          discoveryProblems.add("CLUSTER NODES on seed " + seed + " was refused: " + reply.errorCode()
              + (reply.isNoPermission() ? " (the user needs +cluster|nodes, which cluster clients need anyway)"
                  : ""));
          continue;
        }
        for (String line : reply.asString().split("\n")) {
          parseClusterNode(line).ifPresent(n -> nodes.put(n.address, n.kind));
        }
        if (!nodes.isEmpty()) {
          return nodes;
        }
      } catch (ProbeException | IllegalStateException e) {
        discoveryProblems.add("CLUSTER NODES on seed " + seed + " failed: " + e.getMessage());
      } catch (ThalosSecurityException e) {
        discoveryProblems.add("seed " + seed + " could not be reached: " + e.getMessage());
      }
    }
    // fall back to the seeds themselves, so that at least they are checked
    endpoint.nodes().forEach(n -> nodes.put(n, NodeReport.Kind.PRIMARY));
    return nodes;
  }

  private static final class ClusterNode {
    final NodeAddress address;
    final NodeReport.Kind kind;

    ClusterNode(NodeAddress address, NodeReport.Kind kind) {
      this.address = address;
      this.kind = kind;
    }
  }

  /** One line of {@code CLUSTER NODES}: {@code <id> <ip:port@cport[,hostname]> <flags> ...}. */
  static Optional<ClusterNode> parseClusterNode(String line) {
    String[] f = line.trim().split(" ");
    if (f.length < 3) {
      return Optional.empty();
    }
    String address = f[1];
    int at = address.indexOf('@');
    if (at >= 0) {
      address = address.substring(0, at);
    }
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty(); // noaddr: no address known
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      if (port == 0) {
        return Optional.empty();
      }
      Set<String> flags = Set.of(f[2].split(","));
      if (flags.contains("noaddr") || flags.contains("handshake")) {
        return Optional.empty();
      }
      NodeReport.Kind kind = flags.contains("slave") || flags.contains("replica")
          ? NodeReport.Kind.REPLICA : NodeReport.Kind.PRIMARY;
      return Optional.of(new ClusterNode(NodeAddress.of(host, port), kind));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  // --------------------------------------------------------------------------------------------- sentinel

  private List<NodeReport> checkSentinels(Map<NodeAddress, NodeReport.Kind> dataNodes) {
    String master = endpoint.sentinelMasterName().orElseThrow();
    Set<NodeAddress> sentinels = new LinkedHashSet<>(endpoint.nodes());
    Map<NodeAddress, String> named = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    List<String> quorumProblems = new ArrayList<>();
    int unanswered = 0;
    List<String> anonymous = new ArrayList<>();
    List<String> authenticated = new ArrayList<>();
    List<NodeReport> reports = new ArrayList<>();
    List<NodeAddress> queue = new ArrayList<>(sentinels);
    for (int i = 0; i < queue.size() && i < 32; i++) {
      NodeAddress sentinel = queue.get(i);
      ThalosRedisEndpoint sentinelEndpoint = endpoint.forSentinel(sentinel);
      CheckReport.Builder one = CheckReport.builder().target(sentinelEndpoint.toUri())
          .role(check.role()).startedAt(clock.instant())
          .rule(SENTINEL_AUTH_RULE).rule(SENTINEL_MASTER_RULE);
      long before = roundTrips.get();
      long connectionsBefore = connections.get();
      long t0 = System.nanoTime();
      try (RedisProbe probe = open(sentinelEndpoint)) {
        List<ProbeReply> r = probe.commands(List.of(
            new String[] {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", master},
            new String[] {"SENTINEL", "REPLICAS", master},
            new String[] {"SENTINEL", "SENTINELS", master},
            new String[] {"SENTINEL", "CKQUORUM", master}));
        Optional<NodeAddress> primary = address(r.get(0));
        primary.ifPresent(p -> {
          named.put(sentinel, p.toString());
          dataNodes.putIfAbsent(p, NodeReport.Kind.PRIMARY);
        });
        if (primary.isEmpty()) {
          named.put(sentinel, r.get(0).isError() ? "error " + r.get(0).errorCode() : "no primary");
          unanswered++;
        }
        for (Map<String, ProbeReply> replica : instances(r.get(1))) {
          instanceAddress(replica).ifPresent(a -> dataNodes.putIfAbsent(a, NodeReport.Kind.REPLICA));
        }
        for (Map<String, ProbeReply> other : instances(r.get(2))) {
          instanceAddress(other).filter(a -> !queue.contains(a)).ifPresent(queue::add);
        }
        if (r.get(3).isError()) {
          quorumProblems.add(sentinel + ": " + r.get(3).errorMessage());
        }
        one.finding(sentinelMasterFinding(sentinel, primary, r.get(0), r.get(3)));
        one.finding(sentinelAuthFinding(sentinel, probe, anonymous, authenticated));
      } catch (ThalosSecurityException e) {
        discoveryProblems.add("sentinel " + sentinel + " could not be checked: " + e.getMessage());
        named.put(sentinel, "unreachable");
        unanswered++;
        one.finding(Finding.builder(SENTINEL_MASTER_RULE).outcome(Outcome.FAIL)
            .summary("sentinel " + sentinel + " could not be reached")
            .evidence(e.getMessage())
            .remediation("check that the sentinel runs and that its TLS certificate and the sentinel "
                + "credentials match the endpoint's settings")
            .build());
        one.finding(Finding.builder(SENTINEL_AUTH_RULE).outcome(Outcome.SKIPPED)
            .summary("skipped: the sentinel could not be reached").build());
      }
      one.roundTrips(roundTrips.get() - before).connectionsOpened(connections.get() - connectionsBefore)
          .duration(Duration.ofNanos(System.nanoTime() - t0));
      reports.add(new NodeReport(sentinel, NodeReport.Kind.SENTINEL, one.build()));
    }
    findings.add(sentinelAgreement(master, named, unanswered == 0, quorumProblems));
    findings.add(sentinelAuthSummary(anonymous, authenticated));
    findings.add(sentinelTls());
    return reports;
  }

  private Finding sentinelMasterFinding(NodeAddress sentinel, Optional<NodeAddress> primary, ProbeReply addr,
      ProbeReply quorum) {
    if (primary.isEmpty()) {
      return Finding.builder(SENTINEL_MASTER_RULE).outcome(Outcome.FAIL)
          .summary("sentinel " + sentinel + " names no primary for " + endpoint.sentinelMasterName().orElseThrow())
          .evidence("SENTINEL GET-MASTER-ADDR-BY-NAME: " + (addr.isError() ? addr.errorMessage() : "nil"))
          .remediation("sentinel monitor " + endpoint.sentinelMasterName().orElseThrow() + " <ip> <port> <quorum>")
          .build();
    }
    if (quorum.isError()) {
      return Finding.builder(SENTINEL_MASTER_RULE).outcome(Outcome.FAIL)
          .summary("sentinel " + sentinel + " cannot reach a quorum")
          .evidence("SENTINEL CKQUORUM: " + quorum.errorMessage())
          .remediation("run at least three sentinels that can reach each other and the primary")
          .build();
    }
    return pass(SENTINEL_MASTER_RULE, "primary " + primary.get() + ", quorum reachable");
  }

  private Finding sentinelAuthFinding(NodeAddress sentinel, RedisProbe probe, List<String> anonymous,
      List<String> authenticated) {
    try (RedisProbe anon = probe.openUnauthenticated()) {
      ProbeReply r = anon.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME",
          endpoint.sentinelMasterName().orElseThrow());
      if (!r.isError()) {
        anonymous.add(sentinel.toString());
        return Finding.builder(SENTINEL_AUTH_RULE).outcome(Outcome.FAIL)
            .summary("sentinel " + sentinel + " answers clients that did not authenticate")
            .evidence("SENTINEL GET-MASTER-ADDR-BY-NAME without AUTH was answered")
            .remediation("in sentinel.conf: user default off\nuser <name> on #<sha256> +@all (per client, least "
                + "privilege: -@all +sentinel|get-master-addr-by-name +sentinel|replicas +sentinel|sentinels "
                + "+hello +ping +subscribe +client|setinfo)")
            .build();
      }
      authenticated.add(sentinel.toString());
      return pass(SENTINEL_AUTH_RULE, "refused without AUTH: " + r.errorCode());
    } catch (ThalosSecurityException e) {
      authenticated.add(sentinel.toString());
      return pass(SENTINEL_AUTH_RULE, "a connection without AUTH was refused");
    }
  }

  /**
   * @param named what each sentinel answered: the primary's address, or why it named none
   * @param allNamedOne whether every sentinel named a primary
   */
  private Finding sentinelAgreement(String master, Map<NodeAddress, String> named, boolean allNamedOne,
      List<String> quorumProblems) {
    Set<String> answers = new TreeSet<>(named.values());
    List<String> evidence = new ArrayList<>();
    named.forEach((s, p) -> evidence.add("sentinel " + s + ": " + p));
    if (allNamedOne && answers.size() == 1 && quorumProblems.isEmpty()) {
      return Finding.builder(SENTINEL_MASTER_RULE).outcome(Outcome.PASS)
          .summary("all " + named.size() + " sentinels name primary " + answers.iterator().next() + " for " + master
              + " and reach a quorum")
          .evidence(evidence).build();
    }
    evidence.addAll(quorumProblems);
    return Finding.builder(SENTINEL_MASTER_RULE).outcome(Outcome.FAIL)
        .summary("the sentinels do not agree on the primary of " + master + ", or cannot reach a quorum")
        .evidence(evidence)
        .remediation("bring every sentinel back (same master name, same quorum); check the sentinels' logs for "
            + "+sdown/+odown and their connectivity to each other")
        .build();
  }

  private Finding sentinelAuthSummary(List<String> anonymous, List<String> authenticated) {
    if (!anonymous.isEmpty()) {
      return Finding.builder(SENTINEL_AUTH_RULE).outcome(Outcome.FAIL)
          .summary(anonymous.size() + " of " + (anonymous.size() + authenticated.size())
              + " sentinels answer unauthenticated clients")
          .evidence("answered without AUTH: " + String.join(", ", anonymous))
          .remediation("in every sentinel.conf: user default off, plus one ACL user per client; set "
              + "sentinelCredentials on the endpoint")
          .build();
    }
    if (authenticated.isEmpty()) {
      return Finding.builder(SENTINEL_AUTH_RULE).outcome(Outcome.SKIPPED)
          .summary("skipped: no sentinel could be reached").build();
    }
    return pass(SENTINEL_AUTH_RULE, "all " + authenticated.size() + " sentinels refuse unauthenticated "
        + "clients");
  }

  private Finding sentinelTls() {
    if (!endpoint.isTls()) {
      return Finding.builder(SENTINEL_TLS_RULE).outcome(Outcome.FAIL)
          .summary("the sentinels are reached over plaintext")
          .evidence("endpoint " + endpoint.toUri() + " uses redis-sentinel://")
          .remediation("in sentinel.conf: port 0, tls-port 26379, tls-cert-file, tls-key-file, tls-ca-cert-file, "
              + "tls-replication yes; connect with rediss-sentinel://")
          .build();
    }
    VerifyMode mode = endpoint.tls().orElseThrow().verifyMode();
    if (mode != VerifyMode.FULL) {
      return Finding.builder(SENTINEL_TLS_RULE).outcome(Outcome.FAIL)
          .summary("sentinel certificates are not fully verified (" + mode + ")")
          .evidence("verify mode " + mode)
          .remediation("remove insecureSkipHostnameVerification()/insecureTrustAnyCertificate(); give the "
              + "sentinels certificates naming the addresses clients use")
          .build();
    }
    return pass(SENTINEL_TLS_RULE, "TLS with full certificate and host name verification");
  }

  private static Optional<NodeAddress> address(ProbeReply reply) {
    try {
      List<String> parts = reply.asStrings();
      if (parts.size() == 2) {
        return Optional.of(NodeAddress.of(parts.get(0), Integer.parseInt(parts.get(1))));
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      // fall through
    }
    return Optional.empty();
  }

  private static List<Map<String, ProbeReply>> instances(ProbeReply reply) {
    List<Map<String, ProbeReply>> out = new ArrayList<>();
    if (reply.isError()) {
      return out;
    }
    try {
      for (ProbeReply instance : reply.asList()) {
        out.add(instance.asMap());
      }
    } catch (IllegalStateException e) {
      // not the expected shape: nothing learnt
    }
    return out;
  }

  private static Optional<NodeAddress> instanceAddress(Map<String, ProbeReply> instance) {
    try {
      return Optional.of(NodeAddress.of(instance.get("ip").asString(),
          Integer.parseInt(instance.get("port").asString())));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  // ----------------------------------------------------------------------------------------- data nodes

  private NodeReport checkDataNode(NodeAddress node, NodeReport.Kind kind,
      Map<NodeAddress, Optional<List<String>>> acls) {
    ThalosRedisEndpoint one = endpoint.forNode(node);
    RedisProbe probe;
    try {
      probe = opener.open(one);
    } catch (ThalosSecurityException e) {
      discoveryProblems.add(kind.label() + " " + node + " could not be reached: " + e.getMessage());
      return new NodeReport(node, kind, check.connectionFailed(one.toUri(), e));
    }
    try {
      List<LiveFacts> facts = new ArrayList<>(1);
      CheckReport report = check.run(probe, facts::add);
      if (check.role() == Role.OPERATOR) {
        acls.put(node, aclList(facts.get(0), probe));
      }
      return new NodeReport(node, kind, report);
    } finally {
      probe.close();
    }
  }

  /** The node's {@code ACL LIST}: the self-check's batch already asked for it (privilege probe acl-list). */
  private Optional<List<String>> aclList(LiveFacts facts, RedisProbe probe) {
    try {
      return facts.aclList(guard(probe));
    } catch (ProbeException e) {
      return Optional.empty();
    }
  }

  private Finding aclConsistency(Map<NodeAddress, Optional<List<String>>> acls) {
    Map<NodeAddress, Map<String, String>> users = new LinkedHashMap<>();
    List<String> unreadable = new ArrayList<>();
    acls.forEach((node, lines) -> {
      if (lines.isEmpty()) {
        unreadable.add(node.toString());
      } else {
        users.put(node, byUser(lines.get()));
      }
    });
    if (users.size() < 2) {
      return Finding.builder(ACL_RULE).outcome(users.isEmpty() && !unreadable.isEmpty() ? Outcome.SKIPPED : Outcome.PASS)
          .summary(users.isEmpty() && !unreadable.isEmpty()
              ? "skipped: ACL LIST was refused on every node"
              : "only one data node: nothing to compare")
          .build();
    }
    Set<String> allUsers = new TreeSet<>();
    users.values().forEach(u -> allUsers.addAll(u.keySet()));
    List<String> evidence = new ArrayList<>();
    for (String user : allUsers) {
      Map<String, List<String>> variants = new LinkedHashMap<>();
      users.forEach((node, u) -> variants.computeIfAbsent(
          u.containsKey(user) ? "rules " + fingerprint(u.get(user)) : "missing", k -> new ArrayList<>())
          .add(node.toString()));
      if (variants.size() > 1) {
        evidence.add(differs("user '" + user + "' differs:", variants));
      }
    }
    unreadable.forEach(n -> evidence.add("ACL LIST refused on " + n));
    if (evidence.isEmpty()) {
      return Finding.builder(ACL_RULE).outcome(Outcome.PASS)
          .summary(allUsers.size() + " users identical on all " + users.size() + " data nodes").build();
    }
    return Finding.builder(ACL_RULE).outcome(Outcome.FAIL)
        .summary("ACL users differ between data nodes (Redis does not replicate ACLs)")
        .evidence(evidence)
        .remediation("deploy one users.acl file to every node (aclfile) and run ACL LOAD on each, or repeat every "
            + "ACL SETUSER on every node; then check again")
        .build();
  }

  /**
   * User name to a canonical description of what the user may do. {@code ACL LIST} keeps rules in the order they
   * were applied, so the same permissions can be listed differently on two nodes; the description is order-free
   * where order does not matter: flags, password hashes, key and channel patterns, and the effective commands.
   */
  private static Map<String, String> byUser(List<String> lines) {
    Map<String, String> users = new TreeMap<>();
    for (String line : lines) {
      String[] parts = line.split(" ", 3);
      if (parts.length >= 2 && parts[0].equals("user")) {
        users.put(parts[1], canonical(line, parts.length == 3 ? parts[2] : ""));
      }
    }
    return users;
  }

  private static String canonical(String line, String raw) {
    try {
      AclUser user = AclParser.redis7().parseUserLine(line);
      StringBuilder b = new StringBuilder();
      b.append(user.enabled() ? "on" : "off").append(user.noPass() ? " nopass" : "")
          .append(' ').append(user.payloadSanitization())
          .append(' ').append(new TreeSet<>(user.passwordHashes()));
      for (AclSelector selector : user.allSelectors()) {
        b.append(" (").append(selector.allKeys() ? "~*" : new TreeSet<>(
                selector.keyPatterns().stream().map(Object::toString).collect(java.util.stream.Collectors.toList())))
            .append(' ').append(selector.allChannels() ? "&*" : new TreeSet<>(selector.channelPatterns()))
            .append(')');
      }
      b.append(' ').append(new TreeSet<>(AclEvaluator.of(user).allowedCommands()));
      return b.toString();
    } catch (RuntimeException e) {
      return raw;
    }
  }

  /** A short digest of a user's rules: the rules contain password hashes, which reports must not show. */
  private static String fingerprint(String rules) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(rules.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Finding permissionConsistency(List<NodeReport> dataReports) {
    if (dataReports.size() < 2) {
      return Finding.builder(PERMISSIONS_RULE).outcome(Outcome.PASS)
          .summary("only one data node: nothing to compare").build();
    }
    Map<String, Map<String, List<String>>> byRule = new TreeMap<>();
    for (NodeReport n : dataReports) {
      for (Finding f : n.report().findings()) {
        if (ACCESS_RULE_PREFIXES.stream().anyMatch(f.ruleId()::startsWith)
            && f.outcome() != Outcome.SKIPPED) {
          byRule.computeIfAbsent(f.ruleId(), k -> new TreeMap<>())
              .computeIfAbsent(f.outcome().label(), k -> new ArrayList<>()).add(n.address().toString());
        }
      }
    }
    List<String> evidence = new ArrayList<>();
    byRule.forEach((rule, outcomes) -> {
      if (outcomes.size() > 1) {
        evidence.add(differs(rule + ":", outcomes));
      }
    });
    if (evidence.isEmpty()) {
      return Finding.builder(PERMISSIONS_RULE).outcome(Outcome.PASS)
          .summary(byRule.size() + " access rules give the same result on all " + dataReports.size()
              + " data nodes").build();
    }
    return Finding.builder(PERMISSIONS_RULE).outcome(Outcome.FAIL)
        .summary("the endpoint's user has different permissions on different nodes")
        .evidence(evidence)
        .remediation("make the ACL users identical on every node (one users.acl deployed everywhere, ACL LOAD), "
            + "then check again")
        .build();
  }

  private Finding discovery(List<NodeReport> dataReports, int sentinels) {
    long primaries = dataReports.stream().filter(n -> n.kind() == NodeReport.Kind.PRIMARY).count();
    long replicas = dataReports.stream().filter(n -> n.kind() == NodeReport.Kind.REPLICA).count();
    String found = dataReports.size() + " data node(s)"
        + (endpoint.topology() == RedisTopology.STANDALONE ? "" : " (" + primaries + " primary, " + replicas
            + " replica)")
        + (sentinels > 0 ? " and " + sentinels + " sentinel(s)" : "");
    if (discoveryProblems.isEmpty()) {
      return Finding.builder(DISCOVERY_RULE).outcome(Outcome.PASS).summary("found and checked " + found).build();
    }
    return Finding.builder(DISCOVERY_RULE).outcome(Outcome.FAIL)
        .summary("not every node could be found or reached; checked " + found)
        .evidence(discoveryProblems)
        .remediation(endpoint.topology() == RedisTopology.CLUSTER
            ? "give the endpoint's user +cluster|nodes (cluster clients need it) and make every node reachable "
                + "with the endpoint's TLS settings"
            : "make every node reachable with the endpoint's TLS settings and credentials")
        .build();
  }

  // ------------------------------------------------------------------------------------------- plumbing

  /** {@code head a on n1,n2; b on n3}: which variant each group of nodes has. */
  private static String differs(String head, Map<String, List<String>> nodesByVariant) {
    StringBuilder line = new StringBuilder(head);
    nodesByVariant.forEach((variant, nodes) -> line.append(' ').append(variant).append(" on ")
        .append(String.join(",", nodes)).append(';'));
    return line.substring(0, line.length() - 1);
  }

  private static Finding pass(RuleDescriptor rule, String summary) {
    return Finding.builder(rule).outcome(Outcome.PASS).summary(summary).build();
  }

  private RedisProbe open(ThalosRedisEndpoint one) {
    RedisProbe probe = opener.open(one);
    connections.incrementAndGet();
    return guard(probe);
  }

  private RedisProbe guard(RedisProbe probe) {
    return probe instanceof GuardedProbe ? probe : new GuardedProbe(probe, roundTrips, connections);
  }
}
