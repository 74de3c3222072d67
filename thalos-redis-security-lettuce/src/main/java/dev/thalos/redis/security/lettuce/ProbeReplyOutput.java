package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.check.ProbeReply;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Decodes any reply into a {@link ProbeReply} tree: RESP3 maps and sets become arrays (maps as alternating keys
 * and values), doubles and big numbers bulk strings, booleans integers. Error replies, at the top or nested,
 * become {@link ProbeReply#error(String)} values instead of failing the command.
 */
final class ProbeReplyOutput extends CommandOutput<String, String, ProbeReply> {

  private static final class Frame {
    final List<ProbeReply> items;
    final int expected;

    Frame(int expected) {
      this.items = new ArrayList<>(Math.min(expected, 1024));
      this.expected = expected;
    }
  }

  private final Deque<Frame> frames = new ArrayDeque<>();
  private boolean done;

  ProbeReplyOutput() {
    super(StringCodec.UTF8, null);
  }

  @Override
  public void set(ByteBuffer bytes) {
    add(bytes == null ? ProbeReply.nil() : ProbeReply.bulk(decode(bytes)));
  }

  @Override
  public void setSingle(ByteBuffer bytes) {
    add(bytes == null ? ProbeReply.nil() : ProbeReply.status(decode(bytes)));
  }

  @Override
  public void setBigNumber(ByteBuffer bytes) {
    add(bytes == null ? ProbeReply.nil() : ProbeReply.bulk(decode(bytes)));
  }

  @Override
  public void set(long integer) {
    add(ProbeReply.integer(integer));
  }

  @Override
  public void set(double number) {
    add(ProbeReply.bulk(Double.toString(number)));
  }

  @Override
  public void set(boolean value) {
    add(ProbeReply.integer(value ? 1 : 0));
  }

  @Override
  public void setError(ByteBuffer error) {
    add(ProbeReply.error(error == null ? "ERR" : decode(error)));
  }

  @Override
  public void multi(int count) {
    if (count < 0) {
      add(ProbeReply.nil());
    } else if (count == 0) {
      add(ProbeReply.array(List.of()));
    } else {
      frames.push(new Frame(count));
    }
  }

  private void add(ProbeReply reply) {
    ProbeReply r = reply;
    while (true) {
      Frame top = frames.peek();
      if (top == null) {
        if (!done) {
          output = r;
          done = true;
        }
        return;
      }
      top.items.add(r);
      if (top.items.size() < top.expected) {
        return;
      }
      frames.pop();
      r = ProbeReply.array(top.items);
    }
  }

  private static String decode(ByteBuffer bytes) {
    return StandardCharsets.UTF_8.decode(bytes).toString();
  }
}
