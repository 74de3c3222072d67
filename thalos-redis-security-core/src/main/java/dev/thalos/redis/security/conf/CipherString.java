package dev.thalos.redis.security.conf;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An OpenSSL cipher string ({@code tls-ciphers}, the TLS 1.2 and older suites) judged conservatively, without
 * expanding it as OpenSSL would: what each token may add is read from explicit suite names and from the aliases
 * whose content is known (in any case, although OpenSSL only knows their exact spelling, so a misspelt token is
 * judged as what it resembles), and an alias it cannot bound is {@link Concern#UNKNOWN}. A concern is dropped only by a
 * later {@code !X} or {@code -X} that removes every suite of that kind ({@code !kRSA}, {@code !aNULL}, ...); a
 * {@code !X} also keeps it from coming back. {@code +X} and {@code @STRENGTH} only reorder;
 * {@code @SECLEVEL=0} is a concern of its own. So a string may be judged worse than OpenSSL would make it, never
 * better.
 */
final class CipherString {

  /** What a cipher string may let a client negotiate. */
  enum Concern {
    NO_FORWARD_SECRECY(true, "static-RSA key exchange (no forward secrecy)"),
    NULL_ENCRYPTION(true, "no encryption (NULL)"),
    ANONYMOUS(true, "no server authentication (aNULL)"),
    EXPORT(true, "export-grade suites"),
    RC4(true, "RC4"),
    DES(true, "single DES"),
    TRIPLE_DES(true, "3DES (64-bit blocks)"),
    MD5(true, "MD5 MACs"),
    LOW(true, "low-strength suites"),
    SECLEVEL_0(true, "@SECLEVEL=0 (lifts OpenSSL's security level: short keys and broken suites)"),
    CBC(false, "CBC suites (MAC-then-encrypt)"),
    SHORT_TAG(false, "AES-CCM-8 suites (64-bit authentication tag)"),
    UNKNOWN(false, "suites that cannot be told offline");

    final boolean fails;
    final String label;

    Concern(boolean fails, String label) {
      this.fails = fails;
      this.label = label;
    }
  }

  /** Aliases that select only authenticated ephemeral (EC)DH key exchange. */
  private static final Set<String> FORWARD_SECRET = Set.of("ECDHE", "EECDH", "DHE", "EDH");
  /** Aliases that select ephemeral (EC)DH key exchange, anonymous suites included. */
  private static final Set<String> FORWARD_SECRET_OR_ANONYMOUS = Set.of("KECDHE", "KEECDH", "KDHE", "KEDH");
  /** Aliases that select only AEAD encryption. */
  private static final Set<String> AEAD = Set.of("AESGCM", "CHACHA20", "ARIAGCM", "AESCCM", "AESCCM8");
  private static final Set<String> STATIC_RSA = Set.of("RSA", "KRSA");
  /**
   * Aliases that include static-RSA suites in OpenSSL 1.1.1 and 3.x (which Redis 7 builds against) unless removed.
   */
  private static final Set<String> BROAD_WITH_STATIC_RSA = Set.of("ALL", "DEFAULT", "HIGH", "MEDIUM", "AES",
      "AES128", "AES256", "AESGCM", "AESCCM", "AESCCM8", "ARIA", "ARIA128", "ARIA256", "ARIAGCM", "CAMELLIA",
      "CAMELLIA128", "CAMELLIA256", "SEED", "IDEA", "SHA", "SHA1", "SHA256", "SHA384", "ARSA", "TLSV1.2", "TLSV1",
      "SSLV3", "COMPLEMENTOFALL", "COMPLEMENTOFDEFAULT");
  private static final Map<String, Concern> BROKEN = Map.ofEntries(
      Map.entry("NULL", Concern.NULL_ENCRYPTION), Map.entry("ENULL", Concern.NULL_ENCRYPTION),
      Map.entry("COMPLEMENTOFALL", Concern.NULL_ENCRYPTION),
      Map.entry("ANULL", Concern.ANONYMOUS), Map.entry("ADH", Concern.ANONYMOUS),
      Map.entry("AECDH", Concern.ANONYMOUS), Map.entry("COMPLEMENTOFDEFAULT", Concern.ANONYMOUS),
      Map.entry("EXP", Concern.EXPORT), Map.entry("EXPORT", Concern.EXPORT), Map.entry("EXPORT40", Concern.EXPORT),
      Map.entry("EXPORT56", Concern.EXPORT), Map.entry("RC4", Concern.RC4), Map.entry("DES", Concern.DES),
      Map.entry("3DES", Concern.TRIPLE_DES), Map.entry("MD5", Concern.MD5), Map.entry("LOW", Concern.LOW),
      Map.entry("RC2", Concern.LOW));
  /**
   * {@code !X} / {@code -X} that removes every suite of a concern, spelled exactly: OpenSSL matches names case by
   * case, so {@code !krsa} removes nothing.
   */
  private static final Map<String, Concern> REMOVES = Map.ofEntries(
      Map.entry("RSA", Concern.NO_FORWARD_SECRECY), Map.entry("kRSA", Concern.NO_FORWARD_SECRECY),
      Map.entry("aRSA", Concern.NO_FORWARD_SECRECY),
      Map.entry("NULL", Concern.NULL_ENCRYPTION), Map.entry("eNULL", Concern.NULL_ENCRYPTION),
      Map.entry("aNULL", Concern.ANONYMOUS),
      Map.entry("EXP", Concern.EXPORT), Map.entry("EXPORT", Concern.EXPORT), Map.entry("RC4", Concern.RC4),
      Map.entry("DES", Concern.DES), Map.entry("3DES", Concern.TRIPLE_DES), Map.entry("MD5", Concern.MD5),
      Map.entry("LOW", Concern.LOW));

  private final Map<Concern, Set<String>> concerns;

  private CipherString(Map<Concern, Set<String>> concerns) {
    this.concerns = concerns;
  }

  /** Reads {@code value} as OpenSSL's SSL_CTX_set_cipher_list would: tokens separated by ':', ',', ' ' or ';'. */
  static CipherString of(String value) {
    Map<Concern, Set<String>> found = new EnumMap<>(Concern.class);
    Set<Concern> banned = EnumSet.noneOf(Concern.class);
    for (String token : value.split("[:, ;]+")) {
      if (token.isEmpty()) {
        continue;
      }
      char first = token.charAt(0);
      if (first == '!' || first == '-') {
        Concern removed = REMOVES.get(token.substring(1));
        if (removed != null) {
          found.remove(removed);
          if (first == '!') {
            banned.add(removed);
          }
        }
      } else if (first == '@') {
        if (token.toUpperCase(Locale.ROOT).matches("@SECLEVEL=0*")) {
          found.computeIfAbsent(Concern.SECLEVEL_0, c -> new LinkedHashSet<>()).add(token);
        }
      } else if (first != '+') {
        for (Concern c : adds(token)) {
          if (!banned.contains(c)) {
            found.computeIfAbsent(c, x -> new LinkedHashSet<>()).add(token);
          }
        }
      }
    }
    return new CipherString(found);
  }

  /** What the suites an additive token selects (its parts joined by '+' all hold) may have. */
  static Set<Concern> adds(String token) {
    String[] parts = token.toUpperCase(Locale.ROOT).split("\\+");
    for (String p : parts) {
      if (p.indexOf('-') > 0) {
        // an explicit suite name: the other parts can only narrow it
        return suite(p);
      }
    }
    Set<Concern> out = EnumSet.noneOf(Concern.class);
    boolean forwardSecret = false;
    boolean staticRsa = false;
    boolean aead = false;
    for (String p : parts) {
      Concern broken = BROKEN.get(p);
      if (broken != null) {
        out.add(broken);
      }
      forwardSecret |= FORWARD_SECRET.contains(p) || FORWARD_SECRET_OR_ANONYMOUS.contains(p);
      if (FORWARD_SECRET_OR_ANONYMOUS.contains(p)) {
        out.add(Concern.ANONYMOUS);
      }
      staticRsa |= STATIC_RSA.contains(p);
      aead |= AEAD.contains(p);
      if (p.equals("AESCCM") || p.equals("AESCCM8")) {
        out.add(Concern.SHORT_TAG);
      }
    }
    if (!forwardSecret) {
      if (staticRsa || parts.length == 1 && BROAD_WITH_STATIC_RSA.contains(parts[0])) {
        out.add(Concern.NO_FORWARD_SECRECY);
      }
    }
    if (!aead) {
      out.add(Concern.CBC);
    }
    if (!(forwardSecret && aead)) {
      // broken primitives the token's aliases do not rule out (NULL, 3DES, ... within ECDHE, RSA, HIGH)
      out.add(Concern.UNKNOWN);
    }
    return out;
  }

  /** What an explicit OpenSSL suite name ({@code ECDHE-RSA-AES128-GCM-SHA256}) has, read from its parts. */
  private static Set<Concern> suite(String name) {
    Set<Concern> out = EnumSet.noneOf(Concern.class);
    if (name.startsWith("ADH-") || name.startsWith("AECDH-")) {
      out.add(Concern.ANONYMOUS);
    } else if (name.startsWith("EXP")) {
      out.add(Concern.EXPORT);
    } else if (!(name.startsWith("ECDHE-") || name.startsWith("DHE-") || name.startsWith("EDH-"))) {
      // no key-exchange prefix is static RSA (AES128-SHA); PSK, SRP and static (EC)DH have no forward secrecy either
      out.add(Concern.NO_FORWARD_SECRECY);
    }
    if (name.contains("NULL")) {
      out.add(Concern.NULL_ENCRYPTION);
    }
    if (name.contains("RC4")) {
      out.add(Concern.RC4);
    }
    if (name.contains("RC2")) {
      out.add(Concern.LOW);
    }
    if (name.contains("DES-CBC3") || name.contains("3DES") || name.contains("DES-EDE")) {
      out.add(Concern.TRIPLE_DES);
    } else if (name.contains("DES")) {
      out.add(Concern.DES);
    }
    if (name.endsWith("MD5")) {
      out.add(Concern.MD5);
    }
    if (name.contains("CCM8") || name.contains("CCM-8")) {
      out.add(Concern.SHORT_TAG);
    }
    boolean aead = name.contains("GCM") || name.contains("CHACHA20") || name.contains("CCM");
    if (!aead && !name.contains("NULL") && !name.contains("RC4")) {
      out.add(Concern.CBC);
    }
    return out;
  }

  /** The concerns left after every token, each with the tokens that raise it, in order. */
  Map<Concern, Set<String>> concerns() {
    return concerns;
  }

  boolean fails() {
    return concerns.keySet().stream().anyMatch(c -> c.fails);
  }
}
