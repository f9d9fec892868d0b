package io.ledgerlab.lab.process.proxy;

import static io.ledgerlab.lab.process.proxy.TestSockets.assertClosedByPeer;
import static io.ledgerlab.lab.process.proxy.TestSockets.assertEchoes;
import static io.ledgerlab.lab.process.proxy.TestSockets.dial;
import static io.ledgerlab.lab.process.proxy.TestSockets.read;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One link proxy in front of an echo server on loopback, each fault observed from the client. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class LinkProxyTest {
  private static EventLoopGroup group;
  private static ExecutorService writers;

  private EchoServer server;
  private LinkProxy proxy;

  @BeforeAll
  static void startGroup() {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    writers = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stopGroup() {
    writers.shutdownNow();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @BeforeEach
  void startProxy() {
    server = EchoServer.echo();
    proxy = LinkProxy.open("n0", "n1", server.address(), group);
  }

  @AfterEach
  void stopProxy() throws IOException {
    try {
      proxy.close();
    } finally {
      server.close();
    }
  }

  @Test
  void roundTripsOneMebibyteIntact() throws Exception {
    byte[] sent = new byte[1 << 20];
    new Random(7).nextBytes(sent);
    try (Socket socket = dial(proxy.address())) {
      Future<?> writing = writeInBackground(socket, sent);
      byte[] received = read(socket, sent.length);
      writing.get(5, TimeUnit.SECONDS);
      assertThat(received).isEqualTo(sent);
    }
    LinkProxy.Stats stats = proxy.stats();
    assertThat(stats.connectionsAccepted()).isEqualTo(1);
    assertThat(stats.bytesForwarded()).isEqualTo(sent.length);
    assertThat(stats.bytesReturned()).isEqualTo(sent.length);
    assertThat(stats.connectionsDroppedByFault()).isZero();
  }

  @Test
  void blockClosesOpenConnectionsAndNewOnes() throws IOException {
    try (Socket open = dial(proxy.address())) {
      assertEchoes(open, 1);
      proxy.apply(LinkFault.BLOCKED);
      assertClosedByPeer(open);
    }
    try (Socket refused = dial(proxy.address())) {
      assertClosedByPeer(refused);
    }
    assertThat(proxy.stats().connectionsDroppedByFault()).isEqualTo(2);
    assertThat(proxy.fault()).isEqualTo(LinkFault.BLOCKED);
  }

  @Test
  void healLetsNewConnectionsThrough() throws IOException {
    proxy.apply(LinkFault.BLOCKED);
    try (Socket refused = dial(proxy.address())) {
      assertClosedByPeer(refused);
    }
    proxy.apply(LinkFault.NONE);
    try (Socket healed = dial(proxy.address())) {
      assertEchoes(healed, 2);
    }
  }

  @Test
  void stallHoldsBytesAndReleasesThemOnHeal() throws IOException {
    try (Socket socket = dial(proxy.address())) {
      assertEchoes(socket, 3);
      proxy.apply(LinkFault.NONE.withStalled(true));
      socket.getOutputStream().write("held".getBytes(US_ASCII));
      socket.setSoTimeout(300);
      assertThat(readOrTimeout(socket)).as("a byte through a stalled link").isEqualTo(-2);
      assertThat(proxy.stats().bytesForwarded()).isEqualTo(1);

      socket.setSoTimeout(TestSockets.READ_TIMEOUT_MILLIS);
      proxy.apply(LinkFault.NONE);
      assertThat(new String(read(socket, 4), US_ASCII)).isEqualTo("held");
    }
  }

  @Test
  void stallClosesAConnectionPastTheHoldLimit() throws Exception {
    Socket socket = dial(proxy.address());
    try {
      assertEchoes(socket, 4);
      proxy.apply(LinkFault.NONE.withStalled(true));
      writeInBackground(socket, new byte[Forwarder.HELD_BYTES_LIMIT + (1 << 20)]);
      assertClosedByPeer(socket);
    } finally {
      socket.close(); // also unblocks the writer
    }
    assertThat(proxy.stats().connectionsDroppedByFault()).isEqualTo(1);
  }

  @Test
  void latencyDelaysBothDirections() throws IOException {
    proxy.apply(LinkFault.NONE.withLatency(100_000, 0));
    try (Socket socket = dial(proxy.address())) {
      long startNanos = System.nanoTime();
      assertEchoes(socket, 5);
      long roundTripMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      // 100 ms to the target and 100 ms back.
      assertThat(roundTripMillis).isGreaterThanOrEqualTo(200);
    }
  }

  @Test
  void jitterNeverReordersBytes() throws Exception {
    proxy.apply(LinkFault.NONE.withLatency(20_000, 20_000));
    int frames = 1_000;
    try (Socket socket = dial(proxy.address())) {
      Future<?> writing =
          writers.submit(
              () -> {
                OutputStream out = socket.getOutputStream();
                for (int i = 1; i <= frames; i++) {
                  out.write(ByteBuffer.allocate(4).putInt(i).array());
                  if (i % 20 == 0) {
                    Thread.sleep(1); // spread the frames over many chunks, many delay draws
                  }
                }
                return null;
              });
      DataInputStream in = new DataInputStream(socket.getInputStream());
      for (int i = 1; i <= frames; i++) {
        assertThat(in.readInt()).as("frame %d", i).isEqualTo(i);
      }
      writing.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void dropProbabilityOneResetsTheConnection() throws IOException {
    try (Socket socket = dial(proxy.address())) {
      assertEchoes(socket, 6);
      proxy.apply(LinkFault.NONE.withDropProbability(1.0));
      socket.getOutputStream().write(7);
      assertThat(assertClosedByPeer(socket))
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
    assertThat(proxy.stats().connectionsDroppedByFault()).isEqualTo(1);
  }

  @Test
  void bandwidthLimitPacesTheTransfer() throws Exception {
    proxy.apply(LinkFault.NONE.withBandwidth(100 << 10));
    byte[] sent = new byte[200 << 10];
    new Random(11).nextBytes(sent);
    try (Socket socket = dial(proxy.address())) {
      long startNanos = System.nanoTime();
      Future<?> writing = writeInBackground(socket, sent);
      byte[] received = read(socket, sent.length);
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      writing.get(5, TimeUnit.SECONDS);
      assertThat(received).isEqualTo(sent);
      // 200 KiB at 100 KiB/s is 2 s; the first slice goes at once.
      assertThat(elapsedMillis).isGreaterThanOrEqualTo(1_500);
    }
  }

  @Test
  void refusedTargetClosesTheAcceptedConnection() throws IOException {
    InetSocketAddress nobody;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = new InetSocketAddress(probe.getInetAddress(), probe.getLocalPort());
    }
    try (LinkProxy toNobody = LinkProxy.open("n0", "n9", nobody, group);
        Socket socket = dial(toNobody.address())) {
      assertClosedByPeer(socket);
      assertThat(toNobody.stats().targetConnectFailures()).isEqualTo(1);
    }
  }

  @Test
  void slowTargetPushesBackInsteadOfBuffering() throws Exception {
    try (EchoServer silent = EchoServer.silent();
        LinkProxy toSilent = LinkProxy.open("n0", "n2", silent.address(), group)) {
      Socket socket = dial(toSilent.address());
      AtomicLong written = new AtomicLong();
      long limitBytes = 256L << 20;
      Future<?> writing =
          writers.submit(
              () -> {
                byte[] block = new byte[64 << 10];
                OutputStream out = socket.getOutputStream();
                while (written.get() < limitBytes) {
                  out.write(block);
                  written.addAndGet(block.length);
                }
                return null;
              });
      try {
        Thread.sleep(1_000);
        // Without back-pressure the proxy would read all 256 MiB into memory within that second;
        // with it, the sender stops once the socket buffers and one queue are full.
        assertThat(written.get()).isLessThan(64L << 20);
        assertThat(writing).isNotDone();
      } finally {
        socket.close(); // unblocks the writer
      }
    }
  }

  private Future<?> writeInBackground(Socket socket, byte[] bytes) {
    return writers.submit(
        () -> {
          socket.getOutputStream().write(bytes);
          return null;
        });
  }

  /** The next byte, -1 at end of stream, or -2 if none came within the socket's timeout. */
  private static int readOrTimeout(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read();
    } catch (SocketTimeoutException e) {
      return -2;
    }
  }
}
