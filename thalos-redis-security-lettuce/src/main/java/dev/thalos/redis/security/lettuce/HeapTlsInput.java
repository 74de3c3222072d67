package dev.thalos.redis.security.lettuce;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;

/**
 * Hands the JDK's {@code SSLEngine} the encrypted bytes in heap buffers instead of the direct buffers Netty reads
 * sockets into. The JDK decrypts AES-GCM from a heap array with its vectorised intrinsics, but from a direct
 * buffer through a slower block-by-block path; one copy of the ciphertext costs far less than that difference.
 * Installed only in front of an {@link SslHandler} whose engine is the JDK's (not for OpenSSL, which prefers
 * direct memory, nor for plaintext).
 */
@ChannelHandler.Sharable
final class HeapTlsInput extends ChannelInboundHandlerAdapter {

  static final String NAME = "thalos-heap-tls-input";

  private static final HeapTlsInput INSTANCE = new HeapTlsInput();

  /** Adds the handler to every TLS channel of a client's resources. */
  static final NettyCustomizer CUSTOMIZER = new NettyCustomizer() {
    @Override
    public void afterChannelInitialized(Channel channel) {
      install(channel);
    }
  };

  private HeapTlsInput() {}

  static void install(Channel channel) {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl != null && isJdkEngine(ssl) && channel.pipeline().get(NAME) == null) {
      channel.pipeline().addBefore(channel.pipeline().context(ssl).name(), NAME, INSTANCE);
    }
  }

  static boolean isJdkEngine(SslHandler ssl) {
    return ssl.engine().getClass().getName().startsWith("sun.security.ssl.");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf && ((ByteBuf) msg).isDirect()) {
      ByteBuf in = (ByteBuf) msg;
      ByteBuf heap;
      try {
        heap = ctx.alloc().heapBuffer(in.readableBytes());
        heap.writeBytes(in);
      } finally {
        in.release();
      }
      ctx.fireChannelRead(heap);
    } else {
      ctx.fireChannelRead(msg);
    }
  }
}
