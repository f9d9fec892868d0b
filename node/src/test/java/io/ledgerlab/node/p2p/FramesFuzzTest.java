package io.ledgerlab.node.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.net.NodeId;
import io.ledgerlab.runtime.net.Transport;
import io.ledgerlab.runtime.real.EventLoop;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An authenticated peer's byte stream, cut into arbitrary chunks, through the connection's real
 * frame decoder and {@link MessageHandler} to the node's loop: nothing escapes the pipeline, the
 * node receives exactly the length-prefixed frames a plain reading finds, in order, and a length
 * over {@link TcpTransport#FRAME_BYTES_MAX} closes the connection with that reason after the frames
 * before it. The first input byte sets the chunk size. Without {@code JAZZER_FUZZ} this replays the
 * seeds in {@code FramesFuzzTestInputs/frames}.
 */
class FramesFuzzTest {
  private static final List<byte[]> received = new CopyOnWriteArrayList<>();
  private static final List<String> dropped = new CopyOnWriteArrayList<>();
  private static final EventLoop loop = new EventLoop("fuzz-loop");
  private static final TcpTransport transport = transport();

  @FuzzTest(maxDuration = "5m")
  void frames(byte[] input) throws InterruptedException {
    received.clear();
    dropped.clear();
    EmbeddedChannel channel = new EmbeddedChannel();
    channel
        .pipeline()
        .addLast(
            "messageFrames",
            new LengthFieldBasedFrameDecoder(TcpTransport.FRAME_BYTES_MAX, 0, 4, 0, 4))
        .addLast("messages", new MessageHandler(transport, "p"));
    int chunk = input.length == 0 ? 1 : (input[0] & 0x3f) + 1;
    for (int at = 1; at < input.length && channel.isOpen(); at += chunk) {
      byte[] piece = Arrays.copyOfRange(input, at, Math.min(input.length, at + chunk));
      channel.writeInbound(Unpooled.wrappedBuffer(piece));
    }
    channel.checkException();
    loop.call(() -> null); // every message handed to the loop has been handled
    Expected expected =
        read(input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length));
    assertEquals(expected.frames().size(), received.size(), "frames delivered");
    for (int i = 0; i < received.size(); i++) {
      assertArrayEquals(expected.frames().get(i), received.get(i), "frame " + i);
    }
    assertEquals(expected.tooLong(), !channel.isOpen(), "closed exactly on an oversized length");
    if (expected.tooLong()) {
      assertEquals(
          List.of("frame longer than " + TcpTransport.FRAME_BYTES_MAX + " bytes"), dropped);
    }
    channel.finishAndReleaseAll();
    assertEquals(0, transport.inboundPendingBytes(), "everything charged is given back");
  }

  record Expected(List<byte[]> frames, boolean tooLong) {}

  /** The frames a plain reading of 4-byte unsigned big-endian length prefixes finds. */
  private static Expected read(byte[] stream) {
    List<byte[]> frames = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(stream);
    while (b.remaining() >= 4) {
      long length = Integer.toUnsignedLong(b.getInt(b.position()));
      if (length > TcpTransport.FRAME_BYTES_MAX) {
        return new Expected(frames, true);
      }
      if (b.remaining() - 4 < length) {
        break;
      }
      b.position(b.position() + 4);
      byte[] frame = new byte[(int) length];
      b.get(frame);
      frames.add(frame);
    }
    return new Expected(frames, false);
  }

  private static TcpTransport transport() {
    EventLog log =
        (level, event, fields) -> {
          if (event.equals("p2p.connection.dropped")) {
            dropped.add(String.valueOf(fields.get("reason")));
          }
        };
    TcpTransport t =
        new TcpTransport(
            "fuzz",
            KeyPair.generate(SeededEntropy.of(1)),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            List.of(),
            loop,
            log);
    t.bind(
        new Transport.Handler() {
          @Override
          public void onMessage(NodeId from, byte[] message) {
            received.add(message);
          }
        });
    return t;
  }
}
