package dev.thalos.redis.security.check;

import dev.thalos.redis.security.channel.ThalosNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One side-effect-free attempt to run a command the Thalos roles must not have (see {@link HarmlessProbes}):
 * its reply tells, through {@link ProbeAccess}, whether the ACL lets the user run it.
 */
final class PrivilegeProbe {

  /** What a permitted probe would mean. */
  enum Kind {
    /** Can disturb other clients, reconfigure, wipe or crash the instance. */
    DANGEROUS,
    /** Reads configuration (addresses, paths, limits). */
    CONFIG_READ,
    /** Publishes to a channel outside every Thalos namespace. */
    PUBLISH_FOREIGN,
    /** Publishes to another chain of the own prefix. */
    PUBLISH_OTHER_CHAIN,
    /** Writes a key outside the cache prefix. */
    WRITE_OUTSIDE,
    /** Writes a key under the cache prefix. */
    WRITE_CACHE,
    /** Reads a key outside the cache prefix. */
    READ_OUTSIDE
  }

  final String id;
  final String label;
  final Kind kind;
  final String[] args;

  private PrivilegeProbe(String id, String label, Kind kind, String... args) {
    this.id = id;
    this.label = label;
    this.kind = kind;
    this.args = args;
  }

  String command() {
    return String.join(" ", args);
  }

  /** The probes for one run; {@code token} makes keys and channels unique to the run. */
  static List<PrivilegeProbe> all(String token, Optional<ThalosNamespace> namespace, String cachePrefix) {
    String m = HarmlessProbes.MARKER + "-" + token;
    List<PrivilegeProbe> p = new ArrayList<>();
    p.add(new PrivilegeProbe("client-kill", "CLIENT KILL", Kind.DANGEROUS, "CLIENT", "KILL", "ID", "0"));
    p.add(new PrivilegeProbe("client-pause", "CLIENT PAUSE", Kind.DANGEROUS, "CLIENT", "PAUSE", "-1"));
    p.add(new PrivilegeProbe("client-list", "CLIENT LIST", Kind.DANGEROUS, "CLIENT", "LIST", "TYPE",
        HarmlessProbes.MARKER));
    p.add(new PrivilegeProbe("client-no-evict", "CLIENT NO-EVICT", Kind.DANGEROUS, "CLIENT", "NO-EVICT",
        HarmlessProbes.MARKER));
    p.add(new PrivilegeProbe("config-set", "CONFIG SET", Kind.DANGEROUS, "CONFIG", "SET", m, "x"));
    p.add(new PrivilegeProbe("flushall", "FLUSHALL", Kind.DANGEROUS, "FLUSHALL", HarmlessProbes.MARKER));
    p.add(new PrivilegeProbe("flushdb", "FLUSHDB", Kind.DANGEROUS, "FLUSHDB", HarmlessProbes.MARKER));
    p.add(new PrivilegeProbe("debug", "DEBUG", Kind.DANGEROUS, "DEBUG", "HELP"));
    p.add(new PrivilegeProbe("module", "MODULE", Kind.DANGEROUS, "MODULE", "HELP"));
    p.add(new PrivilegeProbe("eval", "EVAL", Kind.DANGEROUS, "EVAL", HarmlessProbes.LUA_PACKAGE_PROBE, "0"));
    p.add(new PrivilegeProbe("acl-list", "ACL LIST", Kind.DANGEROUS, "ACL", "LIST"));
    p.add(new PrivilegeProbe("config-get", "CONFIG GET", Kind.CONFIG_READ, "CONFIG", "GET", "maxclients"));
    p.add(new PrivilegeProbe("publish-foreign", "PUBLISH", Kind.PUBLISH_FOREIGN, "PUBLISH", m, ""));
    namespace.ifPresent(ns -> p.add(new PrivilegeProbe("publish-other-chain", "PUBLISH", Kind.PUBLISH_OTHER_CHAIN,
        "PUBLISH", ns.prefix() + "::" + m + "::" + HarmlessProbes.MARKER, "")));
    p.add(new PrivilegeProbe("write-outside", "EXPIRE", Kind.WRITE_OUTSIDE, "EXPIRE", m, "1"));
    p.add(new PrivilegeProbe("write-cache", "SET", Kind.WRITE_CACHE, "SET", cachePrefix + m, "", "XX"));
    p.add(new PrivilegeProbe("read-outside", "GET", Kind.READ_OUTSIDE, "GET", m));
    return p;
  }
}
