package dev.thalos.redis.security.lettuce;

import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.ACL_NOPERM;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.AUTH_REQUIRED;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.AUTH_WRONG_CREDENTIALS;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.CONNECTION_CLOSED;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.CONNECTION_FAILED;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.CONNECTION_REFUSED;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.CONNECTION_TIMEOUT;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.TLS_CERTIFICATE_EXPIRED;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.TLS_CERTIFICATE_NOT_YET_VALID;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.TLS_CLIENT_CERTIFICATE_REJECTED;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.TLS_CLIENT_CERTIFICATE_REQUIRED;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.TLS_HANDSHAKE_FAILED;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.TLS_HOSTNAME_MISMATCH;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.TLS_PIN_MISMATCH;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.TLS_PLAINTEXT_TO_TLS_PORT;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.TLS_TLS_TO_PLAINTEXT_PORT;
import static dev.thalos.redis.security.lettuce.ConnectionSecurityException.TLS_UNTRUSTED_CERTIFICATE;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Maps a Lettuce failure to a {@link ThalosSecurityException} by walking its cause chain: exception types
 * first, then the Redis error prefix ({@code WRONGPASS}, {@code NOAUTH}, {@code NOPERM}) and JSSE's messages.
 * A {@link ThalosSecurityException} already in the chain (unreadable TLS material, a missing password file)
 * is returned as is.
 */
final class FailureTranslator {

  private static final int MAX_DETAIL = 300;
  private static final String WITHHELD = " (the server's error text is withheld)";
  private static final java.util.regex.Pattern LETTUCE_URI_PASSWORD =
      java.util.regex.Pattern.compile("(rediss?(?:-sentinel)?://[^\\s:@/,\\[]*):\\*+@");

  private FailureTranslator() {}

  /** Lettuce's message when a connection closed before its Redis handshake handler could be found. */
  static final String HANDLER_NOT_REGISTERED = "RedisHandshakeHandler not registered";

  static ThalosSecurityException translate(Throwable failure, ThalosRedisEndpoint endpoint, String action) {
    List<Throwable> chain = chain(failure);
    for (Throwable t : chain) {
      if (t instanceof ThalosSecurityException) {
        return (ThalosSecurityException) t;
      }
    }
    String target = action + " " + endpoint.toUri();
    // every reply in the whole tree: a message we quote (a cluster's summary repeats each node's failure) may
    // quote one of them
    List<String> replies = serverTexts(tree(failure));
    // the root of the failure itself, not chain's last element (the root of the last suppressed failure, if any):
    // a suppressed failure that says more is mapped below by its type and quoted then; when none is, quoting one
    // of them would blame whichever node happened to be tried at that position
    Throwable root = root(failure);

    // Redis error replies
    for (Throwable t : chain) {
      if (t instanceof RedisCommandExecutionException) {
        String message = String.valueOf(t.getMessage());
        if (message.startsWith("WRONGPASS")) {
          return failure(AUTH_WRONG_CREDENTIALS, target + ": the server refused the credentials of user '"
              + user(endpoint) + "' (WRONGPASS: wrong password, unknown user or disabled user; Redis does not"
              + " say which)", failure);
        }
        if (message.startsWith("NOAUTH")) {
          return failure(AUTH_REQUIRED, target + ": the server requires authentication (NOAUTH); configure"
              + " credentials for the endpoint", failure);
        }
        if (message.startsWith("NOPERM")) {
          String lower = message.toLowerCase(Locale.ROOT);
          String hint = lower.contains("'hello'")
              ? " (Redis 6.0 refuses HELLO to restricted users: use HandshakeProfile.MINIMAL_RESP2)" : "";
          String what = lower.contains("channel") ? "access a channel used"
              : lower.contains("key") ? "access a key used" : "run a command sent";
          return failure(ACL_NOPERM, target + ": the ACL of user '" + user(endpoint) + "' does not allow this"
              + " (NOPERM: no permission to " + what + ")" + hint, failure);
        }
      }
    }

    // TLS: certificate checks
    for (Throwable t : chain) {
      if (t instanceof CertificateExpiredException) {
        return failure(TLS_CERTIFICATE_EXPIRED, target + ": the server certificate has expired: " + detail(t, replies),
            failure);
      }
      if (t instanceof CertificateNotYetValidException) {
        return failure(TLS_CERTIFICATE_NOT_YET_VALID,
            target + ": the server certificate is not valid yet: " + detail(t, replies), failure);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof CertPathBuilderException) {
        return failure(TLS_UNTRUSTED_CERTIFICATE, target + ": the server certificate is not issued by a trusted"
            + " certificate authority (" + detail(t, replies) + ")", failure);
      }
      if (t instanceof java.security.cert.CertPathValidatorException) {
        // e.g. "signature check failed": issued by a CA with a trusted name but another key (a rotated CA)
        return failure(TLS_UNTRUSTED_CERTIFICATE, target + ": the server certificate does not validate against"
            + " the trusted certificate authorities (" + detail(t, replies) + ")", failure);
      }
    }
    for (Throwable t : chain) {
      String message = lower(t);
      if (message.contains("certificate pinning failure") || message.contains("pin mismatch")) {
        return failure(TLS_PIN_MISMATCH, target + ": no configured public-key pin matches the server's"
            + " certificate chain", failure);
      }
      if (message.contains("no subject alternative") || message.contains("no name matching")) {
        return failure(TLS_HOSTNAME_MISMATCH, target + ": the server certificate is not valid for host '"
            + endpoint.host() + "' (" + detail(t, replies) + ")", failure);
      }
      if (message.contains("certificate_required")) {
        return failure(TLS_CLIENT_CERTIFICATE_REQUIRED, target + ": the server requires a client certificate"
            + " (tls-auth-clients yes); configure a client identity", failure);
      }
      if (message.contains("bad_certificate") || message.contains("unknown_ca")
          || message.contains("certificate_unknown") || message.contains("certificate_expired")) {
        return failure(TLS_CLIENT_CERTIFICATE_REJECTED, target + ": the server rejected the client certificate ("
            + detail(t, replies) + ")", failure);
      }
      if (message.contains("path building failed") || message.contains("unable to find valid certification")) {
        return failure(TLS_UNTRUSTED_CERTIFICATE, target + ": the server certificate is not issued by a trusted"
            + " certificate authority", failure);
      }
    }

    // Transport mismatch
    for (Throwable t : chain) {
      String name = t.getClass().getName();
      if (name.endsWith(".NotSslRecordException")) {
        return failure(TLS_TLS_TO_PLAINTEXT_PORT, target + ": the server did not answer the TLS handshake with"
            + " TLS; the port looks like a plaintext port", failure);
      }
      if (name.endsWith(".SslHandshakeTimeoutException")) {
        return failure(TLS_TLS_TO_PLAINTEXT_PORT, target + ": no TLS handshake answer within "
            + endpoint.connectTimeout().toMillis() + " ms; the port looks like a plaintext port (or the server"
            + " is unresponsive)", failure);
      }
    }
    boolean initTimeout = false;
    for (Throwable t : chain) {
      if (t instanceof RedisCommandTimeoutException
          && String.valueOf(t.getMessage()).contains("Connection initialization timed out")) {
        initTimeout = true;
      }
    }
    if (initTimeout && endpoint.isTls()) {
      return failure(TLS_TLS_TO_PLAINTEXT_PORT, target + ": the TLS connection was not established within "
          + endpoint.connectTimeout().toMillis() + " ms; the port looks like a plaintext port (or the server is"
          + " unresponsive)", failure);
    }
    for (Throwable t : chain) {
      if (t instanceof ConnectException) {
        if (lower(t).contains("timed out")) {
          return failure(CONNECTION_TIMEOUT, target + ": no connection within "
              + endpoint.connectTimeout().toMillis() + " ms", failure);
        }
        return failure(CONNECTION_REFUSED, target + ": connection refused (nothing listens on port "
            + endpoint.port() + ")", failure);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SocketException && lower(t).contains("reset")
          || t instanceof java.io.IOException && lower(t).contains("connection reset")) {
        if (!endpoint.isTls()) {
          return failure(TLS_PLAINTEXT_TO_TLS_PORT, target + ": the server reset the plaintext connection; the"
              + " port looks like a TLS-only port (use rediss:// and TLS settings)", failure);
        }
        return failure(CONNECTION_FAILED, target + ": the server reset the connection", failure);
      }
    }
    for (Throwable t : chain) {
      String name = t.getClass().getName();
      if (t instanceof RedisCommandTimeoutException || t instanceof SocketTimeoutException
          || t instanceof TimeoutException || name.endsWith(".ConnectTimeoutException")) {
        return failure(CONNECTION_TIMEOUT, target + ": timed out (" + detail(t, replies) + ")", failure);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SSLException) {
        return failure(TLS_HANDSHAKE_FAILED, target + ": TLS failed: " + detail(t, replies), failure);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof ClosedChannelException || lower(t).contains("connection closed")) {
        return failure(CONNECTION_CLOSED, target + ": the connection was closed", failure);
      }
    }
    for (Throwable t : chain) {
      // Lettuce found the channel's pipeline already torn down when its connect completed: the connection was
      // closed before the Redis handshake could start, i.e. during TLS (a refusal the server answers at once,
      // e.g. no shared protocol or cipher suite, can win that race; Lettuce then drops the TLS failure itself)
      if (t instanceof IllegalStateException && HANDLER_NOT_REGISTERED.equals(t.getMessage())) {
        return endpoint.isTls()
            ? failure(TLS_HANDSHAKE_FAILED, target + ": TLS failed: the server closed the connection during the TLS"
                + " handshake (no shared protocol version or cipher suite, or it refused the client certificate)",
                failure)
            : failure(CONNECTION_CLOSED, target + ": the connection was closed", failure);
      }
    }
    return failure(CONNECTION_FAILED, target + " failed: " + detail(root, replies), failure);
  }

  private static ConnectionSecurityException failure(String reason, String message, Throwable cause) {
    return new ConnectionSecurityException(reason, message, withoutServerText(cause));
  }

  /**
   * {@code failure} with every message that quotes a Redis error reply replaced: a server may put anything in
   * its error text — a hostile one even the password the client just sent — and Lettuce copies that text
   * into its exception messages (and wrappers copy it again). The failures Lettuce attaches as suppressed (one
   * per cluster node or sentinel tried) are copied the same way, and their replies withheld everywhere: a
   * cluster's summary quotes the failure of every node. The copy keeps the exception class names, the error
   * code (e.g. {@code WRONGPASS}) and the stack traces. Returns {@code failure} itself when nothing in its
   * causes or suppressed failures is a reply.
   */
  static Throwable withoutServerText(Throwable failure) {
    List<String> replies = serverTexts(tree(failure));
    if (replies.isEmpty()) {
      return failure;
    }
    return withheld(failure, replies, new IdentityHashMap<>());
  }

  /** {@code failure}, its causes and their suppressed failures, at any depth, each once. */
  private static List<Throwable> tree(Throwable failure) {
    List<Throwable> tree = new ArrayList<>();
    addTree(failure, new IdentityHashMap<>(), tree);
    return tree;
  }

  /** Adds {@code from}, its causes and their suppressed failures, at any depth, each once. */
  private static void addTree(Throwable from, Map<Throwable, Boolean> seen, List<Throwable> out) {
    for (Throwable t = from; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      out.add(t);
      for (Throwable s : t.getSuppressed()) {
        addTree(s, seen, out);
      }
    }
  }

  /**
   * A copy of {@code failure} and its causes whose messages quote none of {@code replies}, each with copies of
   * its suppressed failures; a failure already copied (a cycle, one failure attached twice) is not copied again.
   */
  private static Throwable withheld(Throwable failure, List<String> replies, Map<Throwable, Boolean> seen) {
    List<Throwable> causes = new ArrayList<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      causes.add(t);
    }
    Throwable rebuilt = null;
    for (int i = causes.size() - 1; i >= 0; i--) {
      Throwable t = causes.get(i);
      String message = t instanceof RedisCommandExecutionException
          ? errorCode(t.getMessage()) + " (the server's error text is withheld)"
          : quotesReply(t.getMessage(), replies) ? "(message withheld: it quotes a server reply)" : t.getMessage();
      Throwable copy = new WithheldServerText(t.getClass().getName() + ": " + message, rebuilt);
      copy.setStackTrace(t.getStackTrace());
      for (Throwable s : t.getSuppressed()) {
        if (!seen.containsKey(s)) {
          copy.addSuppressed(withheld(s, replies, seen));
        }
      }
      rebuilt = copy;
    }
    return rebuilt;
  }

  private static List<String> serverTexts(List<Throwable> chain) {
    List<String> texts = new ArrayList<>();
    for (Throwable t : chain) {
      if (t instanceof RedisCommandExecutionException && t.getMessage() != null && !t.getMessage().isEmpty()) {
        texts.add(t.getMessage());
      }
    }
    return texts;
  }

  private static boolean quotesReply(String message, List<String> replies) {
    if (message == null) {
      return false;
    }
    for (String r : replies) {
      if (message.contains(r)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code message} with every occurrence of one of {@code replies} replaced by that reply's code and a marker,
   * longer replies first (one may contain another). A reply that is only its code says nothing more and is kept.
   */
  private static String withoutReplies(String message, List<String> replies) {
    List<String> longestFirst = new ArrayList<>(replies);
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    for (String r : longestFirst) {
      if (!r.equals(errorCode(r))) {
        message = message.replace(r, errorCode(r) + WITHHELD);
      }
    }
    return message;
  }

  /** The error code of a Redis error reply: its first word if it is 1..32 capital letters, else "ERR?". */
  static String errorCode(String reply) {
    if (reply == null) {
      return "ERR?";
    }
    int end = 0;
    while (end < reply.length() && end <= 32 && reply.charAt(end) >= 'A' && reply.charAt(end) <= 'Z') {
      end++;
    }
    boolean word = end > 0 && end <= 32 && (end == reply.length() || reply.charAt(end) == ' ');
    return word ? reply.substring(0, end) : "ERR?";
  }

  /** A cause whose server-quoting message was replaced; its message names the original class. */
  static final class WithheldServerText extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WithheldServerText(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static String user(ThalosRedisEndpoint endpoint) {
    return endpoint.credentials().map(c -> c.user()).orElse("default");
  }

  /**
   * The causes of {@code failure} from outermost to root, then those of each failure attached to one of them as
   * suppressed (from outermost to root, in the order attached): without wrappers that add nothing, without
   * cycles. The last element is therefore not the root of {@code failure} when suppressed failures exist; see
   * {@link #root}.
   */
  static List<Throwable> chain(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    List<Throwable> chain = causes(failure, seen);
    // Lettuce reports a failed cluster or sentinel connection as one exception with the failure of every node
    // it tried attached as suppressed: their causes say what went wrong (WRONGPASS, an untrusted certificate)
    List<Throwable> suppressed = new ArrayList<>();
    for (Throwable t : chain) {
      for (Throwable s : t.getSuppressed()) {
        addCauses(s, seen, suppressed);
      }
    }
    chain.addAll(suppressed);
    return chain;
  }

  /**
   * The root cause of {@code failure} itself, whatever is attached as suppressed: for a sentinel set the failure
   * of the sentinel tried last (Lettuce's cause), for a cluster the summary that names every seed node.
   */
  static Throwable root(Throwable failure) {
    List<Throwable> causes = causes(failure, new IdentityHashMap<>());
    return causes.get(causes.size() - 1);
  }

  /** {@code failure} and its causes as {@link #addCauses} lists them, or {@code failure} alone if that is none. */
  private static List<Throwable> causes(Throwable failure, Map<Throwable, Boolean> seen) {
    List<Throwable> causes = new ArrayList<>();
    addCauses(failure, seen, causes);
    if (causes.isEmpty()) {
      causes.add(failure);
    }
    return causes;
  }

  /** Adds {@code from} and its causes not seen yet to {@code out}, skipping wrappers that only carry a cause. */
  private static void addCauses(Throwable from, Map<Throwable, Boolean> seen, List<Throwable> out) {
    for (Throwable t = from; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      boolean wrapper = (t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null;
      if (!wrapper) {
        out.add(t);
      }
    }
  }

  private static String lower(Throwable t) {
    return String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
  }

  /**
   * The exception's own message, shortened and restricted to printable characters; for a Redis error reply
   * only its code (a hostile server could echo the password in its error text), and wherever the message quotes
   * one of {@code replies} (a cluster's summary repeats the failure of every node) only that reply's code too.
   * The endpoint URI we add carries no password.
   */
  static String detail(Throwable t, List<String> replies) {
    String message = t.getMessage();
    if (t instanceof RedisCommandExecutionException) {
      // a reply's text is the server's to choose; only its code is shown
      message = errorCode(message) + WITHHELD;
    } else if (message != null) {
      // before shortening: a reply cut in two by it would no longer be found
      message = withoutReplies(message, replies);
    }
    if (message == null || message.isBlank()) {
      message = t.getClass().getSimpleName();
    } else if (t instanceof RedisException && !(t instanceof RedisCommandExecutionException)) {
      message = t.getClass().getSimpleName() + ": " + message;
    }
    // Lettuce renders its RedisURIs with one '*' per password character: drop the stars, they give the length
    message = LETTUCE_URI_PASSWORD.matcher(message).replaceAll("$1@");
    StringBuilder b = new StringBuilder(Math.min(message.length(), MAX_DETAIL));
    for (int i = 0; i < message.length() && b.length() < MAX_DETAIL; i++) {
      char c = message.charAt(i);
      b.append(c >= 0x20 && c != 0x7F ? c : ' ');
    }
    if (message.length() > MAX_DETAIL) {
      b.append("...");
    }
    return b.toString();
  }
}
