package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.benchmarks.ThalosMessages;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ConnectionFacade;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.PubSubCommandHandler;
import io.lettuce.core.pubsub.PubSubEndpoint;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The subscriber's whole read path in memory, TLS against plaintext: socket reads of {@value #SOCKET_READ} bytes
 * (direct buffers, as Netty reads sockets) go through the client side of a real TLS session — Netty's
 * {@code SslHandler} on the JDK's or OpenSSL's engine, TLS_AES_128_GCM_SHA256 (first in Netty's default list),
 * records of {@value #RECORD} bytes as Redis writes them — into Lettuce 7.7's own {@code PubSubCommandHandler} (RESP3 push decoding, {@code ByteArrayCodec},
 * one listener), {@value #MESSAGES} messages of the {@code thalos} mix per invocation. No kernel, no server, no
 * other thread: the ratio tls / plaintext is what TLS costs a subscriber whose event loop is the bottleneck, on
 * any machine. The server side encrypts the next invocation's records in a setup step that is not measured.
 *
 * <ul>
 *   <li>{@code pipeline=lettuce}: Lettuce's pipeline as it builds it.</li>
 *   <li>{@code pipeline=thalos}: what {@link ThalosSubscriber} adds on its own resources: {@link HeapTlsInput}
 *       (JDK engine only; the same as {@code lettuce} otherwise).</li>
 * </ul>
 *
 * <p>Run:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TlsReadPath -f 1 -wi 5 -i 8 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class TlsReadPathBenchmark {

  static final int MESSAGES = 2_000;
  static final int RECORD = 10_240;
  static final int SOCKET_READ = 65_536;

  @Param({"plaintext", "jdk", "openssl"})
  public String transport;

  @Param({"lettuce", "thalos"})
  public String pipeline;

  private ClientResources resources;
  private EmbeddedChannel client;
  private EmbeddedChannel server;
  private ByteBuf stream;
  private final List<ByteBuf> reads = new ArrayList<>();
  private long received;
  private long messages;
  private long fed;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    stream = Unpooled.wrappedBuffer(ThalosMessages.respPushFrames("thalos", MESSAGES));
    resources = DefaultClientResources.create();
    ClientOptions options = ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build();
    PubSubEndpoint<byte[], byte[]> endpoint = new PubSubEndpoint<>(options, resources);
    endpoint.setConnectionFacade(new ConnectionFacade() {
      @Override
      public void activated() {}

      @Override
      public void deactivated() {}
    });
    endpoint.addListener(new RedisPubSubAdapter<byte[], byte[]>() {
      @Override
      public void message(byte[] channel, byte[] message) {
        received += message.length;
        messages++;
      }
    });
    client = new EmbeddedChannel();
    if (!transport.equals("plaintext")) {
      SelfSignedCertificate certificate = new SelfSignedCertificate("redis.test");
      SslContext serverContext = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey())
          .sslProvider(SslProvider.JDK).protocols("TLSv1.3").build();
      SslContext clientContext = SslContextBuilder.forClient()
          .sslProvider(transport.equals("openssl") ? SslProvider.OPENSSL : SslProvider.JDK)
          .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.3").build();
      server = new EmbeddedChannel(new SslHandler(serverContext.newEngine(ByteBufAllocator.DEFAULT)));
      client.pipeline().addLast("ssl", new SslHandler(clientContext.newEngine(client.alloc(), "redis.test", 6379)));
      for (int i = 0; i < 20; i++) {
        pump(client, server);
        pump(server, client);
      }
      if (!client.pipeline().get(SslHandler.class).handshakeFuture().isSuccess()) {
        throw new IllegalStateException("TLS handshake did not complete");
      }
    }
    client.pipeline().addLast("lettuce",
        new PubSubCommandHandler<>(options, resources, ByteArrayCodec.INSTANCE, endpoint));
    if (server != null) {
      client.pipeline().context("ssl").fireChannelRegistered().fireChannelActive();
    } else {
      client.pipeline().fireChannelRegistered().fireChannelActive();
    }
    if (pipeline.equals("thalos")) {
      HeapTlsInput.install(client);
    }
  }

  private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
    for (Object o; (o = from.readOutbound()) != null; ) {
      to.writeInbound(o);
    }
  }

  /** Encrypts (or slices) the next invocation's input: not measured. */
  @Setup(Level.Invocation)
  public void nextReads() {
    if (messages != fed) {
      throw new IllegalStateException("Lettuce delivered " + messages + " messages of " + fed);
    }
    reads.clear();
    if (server == null) {
      for (int i = 0; i < stream.writerIndex(); i += SOCKET_READ) {
        ByteBuf read = ByteBufAllocator.DEFAULT.directBuffer(SOCKET_READ);
        read.writeBytes(stream, i, Math.min(SOCKET_READ, stream.writerIndex() - i));
        reads.add(read);
      }
      return;
    }
    ByteBuf read = null;
    for (int i = 0; i < stream.writerIndex(); i += RECORD) {
      server.writeAndFlush(stream.retainedSlice(i, Math.min(RECORD, stream.writerIndex() - i)));
      for (ByteBuf record; (record = server.readOutbound()) != null; ) {
        while (record.isReadable()) {
          if (read == null) {
            read = ByteBufAllocator.DEFAULT.directBuffer(SOCKET_READ);
          }
          int n = Math.min(record.readableBytes(), read.writableBytes());
          read.writeBytes(record, n);
          if (!read.isWritable()) {
            reads.add(read);
            read = null;
          }
        }
        record.release();
      }
    }
    if (read != null) {
      reads.add(read);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.finishAndReleaseAll();
    if (server != null) {
      server.finishAndReleaseAll();
    }
    stream.release();
    resources.shutdown();
  }

  /** One socket read after another, each followed by the end of the read, as the event loop delivers them. */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long read() {
    fed += MESSAGES;
    for (ByteBuf read : reads) {
      client.pipeline().fireChannelRead(read);
      client.pipeline().fireChannelReadComplete();
    }
    return received;
  }
}
