package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.lettuce.ThalosMessageListener;
import dev.thalos.redis.security.lettuce.ThalosSubscriber;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the per-message work a subscriber does after Lettuce has parsed a pub/sub push, without Redis: the
 * codec's {@code decodeKey} (channel) and {@code decodeValue} (payload) on pre-built direct byte buffers — as
 * Lettuce hands them over — followed by the listener dispatch, for five channels in turn (200 B – 4 KB
 * payloads, the {@code thalos} mix of {@link MessagePathRounds}).
 *
 * <ul>
 *   <li>{@code subscriber=lettuce}: {@code ByteArrayCodec} (copies channel and payload) and a
 *       {@code RedisPubSubAdapter} calling the application's listener — what raw Lettuce does.</li>
 *   <li>{@code subscriber=thalos}: {@code ThalosSubscriber}'s own codec and pub/sub listener, taken from a
 *       subscriber built (never started) by its public builder: the channel is matched in place against the
 *       subscribed channels (no copy), the payload is size-checked and copied once, the listener is called
 *       through the never-throwing delivery with its counters.</li>
 *   <li>{@code dispatchThrowingListener}: for {@code thalos} the same with a listener that throws on every
 *       message — each failure is caught and counted, delivery goes on. For {@code lettuce} it is the same as
 *       {@code dispatch} (there, a throwing listener is caught by Lettuce's endpoint, which logs it at ERROR per
 *       message and skips the remaining listeners).</li>
 * </ul>
 *
 * <p>{@code gc.alloc.rate.norm} is the allocation per message: the payload copy ({@code byte[]} of the
 * payload size plus 16 B header, averaged over the mix) is the only allocation the library makes; raw Lettuce
 * also copies the channel name.
 *
 * <p>Run:
 * <pre>
 * mvn -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar SubscriberDispatch -prof gc -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SubscriberDispatchBenchmark {

  /** {@code lettuce}: ByteArrayCodec + adapter; {@code thalos}: ThalosSubscriber's codec and delivery. */
  @Param({"lettuce", "thalos"})
  public String subscriber;

  private ByteBuffer[] channels;
  private ByteBuffer[] payloads;
  private int next;
  private RedisCodec<Object, byte[]> codec;
  private RedisPubSubListener<Object, byte[]> delivery;
  private RedisPubSubListener<Object, byte[]> throwingDelivery;
  private long sink;

  @Setup
  public void setup() throws ReflectiveOperationException {
    List<ThalosMessages.Stream> streams = ThalosMessages.mix("thalos");
    channels = new ByteBuffer[streams.size()];
    payloads = new ByteBuffer[streams.size()];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = direct(streams.get(i).channel.nameBytes());
      payloads[i] = direct(streams.get(i).payload);
    }
    ThalosMessageListener listener = (channel, payload) -> sink += payload.length + channel.kind().ordinal();
    if (subscriber.equals("lettuce")) {
      codec = cast(ByteArrayCodec.INSTANCE);
      RedisPubSubAdapter<byte[], byte[]> adapter = new RedisPubSubAdapter<>() {
        @Override
        public void message(byte[] channel, byte[] message) {
          sink += message.length + channel.length;
        }
      };
      delivery = cast(adapter);
      throwingDelivery = delivery;
    } else if (subscriber.equals("thalos")) {
      ThalosSubscriber s = subscriber(streams, listener);
      codec = cast(field(s, "codec"));
      delivery = delivery(s);
      throwingDelivery = delivery(subscriber(streams, (channel, payload) -> {
        throw Failure.INSTANCE;
      }));
    } else {
      throw new IllegalArgumentException("invalid subscriber: '" + subscriber + "' (must be lettuce or thalos)");
    }
    for (int i = 0; i < channels.length; i++) {
      dispatch();
    }
    if (sink == 0) {
      throw new IllegalStateException(subscriber + " delivered nothing");
    }
  }

  /** One message: decode channel and payload, dispatch to the listener. */
  @Benchmark
  public long dispatch() {
    return dispatchTo(delivery);
  }

  /** One message to a listener that throws (thalos: counted, delivery goes on). */
  @Benchmark
  public long dispatchThrowingListener() {
    return dispatchTo(throwingDelivery);
  }

  private long dispatchTo(RedisPubSubListener<Object, byte[]> listener) {
    int i = next;
    next = i + 1 == channels.length ? 0 : i + 1;
    Object channel = codec.decodeKey(channels[i]);
    byte[] payload = codec.decodeValue(payloads[i]);
    channels[i].rewind();
    payloads[i].rewind();
    listener.message(channel, payload);
    return sink;
  }

  private static ThalosSubscriber subscriber(List<ThalosMessages.Stream> streams, ThalosMessageListener listener) {
    ThalosRedisEndpoint endpoint = ThalosRedisEndpoint.builder()
        .host("127.0.0.1")
        .port(1)
        .plaintextInsecure()
        .user("sub")
        .password(SecretSource.of("not-used".toCharArray()))
        .namespace(ThalosMessages.WAX)
        .role(ThalosRole.CLIENT)
        .build();
    ThalosSubscriber.Builder b = ThalosSubscriber.builder(endpoint).listener(listener);
    for (ThalosMessages.Stream s : streams) {
      b.channels(s.channel);
    }
    return b.build();
  }

  /** The subscriber's private pub/sub listener, as Lettuce would call it. */
  private static RedisPubSubListener<Object, byte[]> delivery(ThalosSubscriber s) throws ReflectiveOperationException {
    Class<?> type = Class.forName(ThalosSubscriber.class.getName() + "$Delivery");
    Constructor<?> constructor = type.getDeclaredConstructor(ThalosSubscriber.class);
    constructor.setAccessible(true);
    return cast(constructor.newInstance(s));
  }

  private static Object field(Object o, String name) throws ReflectiveOperationException {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  private static ByteBuffer direct(byte[] bytes) {
    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
    b.put(bytes).flip();
    return b;
  }

  /** A pre-built exception without stack trace: the benchmark measures the delivery, not the listener. */
  private static final class Failure extends RuntimeException {
    static final Failure INSTANCE = new Failure();

    private Failure() {
      super("listener failure", null, false, false);
    }
  }
}
