package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.channel.ThalosNamespace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The message mix of the pub/sub benchmarks: Thalos-shaped JSON payloads of fixed sizes on channels of the
 * {@code ship::wax} namespace, with a weight (share of all messages) each.
 */
public final class ThalosMessages {

  static final ThalosNamespace WAX = ThalosNamespace.of("wax");

  /** One channel with its payload and its share of the messages. */
  static final class Stream {
    final ThalosChannel channel;
    final byte[] payload;
    final int weight;

    Stream(ThalosChannel channel, int size, int weight) {
      this.channel = channel;
      this.payload = channel.kind() == dev.thalos.redis.security.channel.ChannelKind.HEARTBEAT
          ? heartbeatJson(size) : actionJson(size);
      this.weight = weight;
    }

    @Override
    public String toString() {
      return channel.name() + " " + payload.length + " B x" + weight;
    }
  }

  private ThalosMessages() {}

  /**
   * A mix by name: {@code thalos} (200 B heartbeats 10 %, 400 B transfers 40 %, 1 KB actions 30 %, 2 KB
   * transactions 10 %, 4 KB table deltas 10 %; 1,090 B on average) or {@code 400} (400 B on four channels, like
   * the redis-benchmark anchor).
   */
  static List<Stream> mix(String name) {
    List<Stream> streams = new ArrayList<>();
    switch (name) {
      case "thalos":
        streams.add(new Stream(WAX.heartbeat(), 200, 1));
        streams.add(new Stream(WAX.actions().contract("eosio.token").action("transfer"), 400, 4));
        streams.add(new Stream(WAX.actions(), 1000, 3));
        streams.add(new Stream(WAX.transactions(), 2000, 1));
        streams.add(new Stream(WAX.tableDeltas().table("contract_row"), 4096, 1));
        return streams;
      case "400":
        streams.add(new Stream(WAX.actions().contract("eosio.token").action("transfer"), 400, 1));
        streams.add(new Stream(WAX.actions(), 400, 1));
        streams.add(new Stream(WAX.transactions(), 400, 1));
        streams.add(new Stream(WAX.tableDeltas().table("contract_row"), 400, 1));
        return streams;
      default:
        throw new IllegalArgumentException("invalid mix: '" + name + "' (must be thalos or 400)");
    }
  }

  /**
   * {@code messages} messages of a mix as the RESP3 push frames Redis sends a subscriber
   * ({@code >3 message <channel> <payload>}), the streams interleaved by weight.
   */
  public static byte[] respPushFrames(String mix, int messages) {
    List<Stream> cycle = cycle(mix(mix));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] message = "message".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < messages; i++) {
      Stream s = cycle.get(i % cycle.size());
      out.writeBytes(resp('>', message, s.channel.name().getBytes(StandardCharsets.UTF_8), s.payload));
    }
    return out.toByteArray();
  }

  /** The streams in publishing order: each one {@code weight} times in a row. */
  static List<Stream> cycle(List<Stream> streams) {
    List<Stream> cycle = new ArrayList<>();
    for (Stream s : streams) {
      for (int w = 0; w < s.weight; w++) {
        cycle.add(s);
      }
    }
    return cycle;
  }

  /** A RESP aggregate of bulk strings: {@code type} {@code *} for a command, {@code >} for a RESP3 push. */
  static byte[] resp(char type, byte[]... parts) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.writeBytes((type + Integer.toString(parts.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] p : parts) {
      b.writeBytes(("$" + p.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(p);
      b.writeBytes(new byte[] {'\r', '\n'});
    }
    return b.toByteArray();
  }

  /** Messages of each stream when {@code total} are split by weight (the last stream takes the rest). */
  static long[] split(List<Stream> streams, long total) {
    int weights = 0;
    for (Stream s : streams) {
      weights += s.weight;
    }
    long[] counts = new long[streams.size()];
    long left = total;
    for (int i = 0; i < counts.length - 1; i++) {
      counts[i] = total * streams.get(i).weight / weights;
      left -= counts[i];
    }
    counts[counts.length - 1] = left;
    return counts;
  }

  /** Average payload size of the mix in bytes. */
  static double averageSize(List<Stream> streams) {
    double sum = 0;
    int weights = 0;
    for (Stream s : streams) {
      sum += (double) s.payload.length * s.weight;
      weights += s.weight;
    }
    return sum / weights;
  }

  /** A Thalos heartbeat in JSON, padded to exactly {@code size} bytes. */
  static byte[] heartbeatJson(int size) {
    return padded("{\"blocknum\":331234567,\"head_blocknum\":331234568,"
        + "\"last_irreversible_blocknum\":331234235,\"pad\":\"", "\"}", size);
  }

  /** A Thalos action trace in JSON, padded in its memo to exactly {@code size} bytes. */
  static byte[] actionJson(int size) {
    String head = "{\"tx_id\":\"8c3d9e0f27b1a4c65d9e0f27b1a4c65d8c3d9e0f27b1a4c65d9e0f27b1a4c65d\","
        + "\"blocknum\":331234567,\"blocktimestamp\":\"2026-11-27T01:44:00.500\","
        + "\"contract\":\"eosio.token\",\"name\":\"transfer\","
        + "\"authorization\":[{\"actor\":\"alice.wam\",\"permission\":\"active\"}],"
        + "\"data\":{\"from\":\"alice.wam\",\"to\":\"bob.wam\",\"quantity\":\"1.00000000 WAX\",\"memo\":\"";
    String tail = "\"},\"except\":\"\",\"error\":0}";
    return padded(head, tail, size);
  }

  private static byte[] padded(String head, String tail, int size) {
    int pad = size - head.length() - tail.length();
    if (pad < 0) {
      throw new IllegalArgumentException("invalid size: " + size + " (must be >= " + (head.length() + tail.length())
          + ")");
    }
    StringBuilder b = new StringBuilder(size).append(head);
    for (int i = 0; i < pad; i++) {
      b.append((char) ('a' + i % 26));
    }
    byte[] json = b.append(tail).toString().getBytes(StandardCharsets.UTF_8);
    if (json.length != size) {
      throw new IllegalStateException("payload of " + json.length + " bytes, expected " + size);
    }
    return json;
  }
}
