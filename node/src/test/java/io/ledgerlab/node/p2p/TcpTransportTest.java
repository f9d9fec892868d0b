package io.ledgerlab.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.net.NodeId;
import io.ledgerlab.runtime.net.Transport;
import io.ledgerlab.runtime.real.EventLoop;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real TCP on loopback between transports in this JVM: the handshake admits exactly the peers a
 * node knows, on its chain, holding their keys; bounded frames; and a transport that survives
 * whatever arrives on its port.
 */
@Timeout(30)
class TcpTransportTest {
  private static final String CHAIN = "test-chain";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void twoPeersAuthenticateAndDeliverMessagesBothWaysOnTheirEventLoops() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    a.start(CHAIN, b.asPeer());
    b.start(CHAIN, a.asPeer());
    awaitConnected(a, "b");
    awaitConnected(b, "a");

    a.transport.send(NodeId.of("b"), utf8("hello from a"));
    b.transport.send(NodeId.of("a"), utf8("hello from b"));

    assertThat(b.next()).isEqualTo(new Received("a", "hello from a", "loop-b"));
    assertThat(a.next()).isEqualTo(new Received("b", "hello from b", "loop-a"));
    assertThat(a.peersUp).contains("b");
    await(() -> a.events("p2p.peer.up").size() == 2, "a logs both directions up");
    assertThat(a.events("p2p.peer.up")).extracting(e -> e.get("direction")).contains("in", "out");
    assertThat(a.events("p2p.handshake.failed")).isEmpty();
  }

  @Test
  void manyMessagesArriveWhole() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    a.start(CHAIN, b.asPeer());
    b.start(CHAIN, a.asPeer());
    awaitConnected(a, "b");
    byte[] large = new byte[3 * 1024 * 1024];
    new Random(3).nextBytes(large);
    for (int i = 0; i < 200; i++) {
      a.transport.send(NodeId.of("b"), utf8("m" + i));
    }
    a.transport.send(NodeId.of("b"), large);
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      got.add(b.next().text());
    }
    assertThat(got).hasSize(200).doesNotHaveDuplicates().allMatch(s -> s.startsWith("m"));
    byte[] arrived = b.nextBytes();
    assertThat(Arrays.equals(arrived, large)).as("3 MiB message intact").isTrue();
  }

  @Test
  void aPeerWithAnUnknownNodeKeyIsRefused() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    Node stranger = node("c", 3);
    // a knows some "c", but not b's key; b dials a.
    a.start(CHAIN, stranger.asPeer());
    b.start(CHAIN, a.asPeer());

    String reason = awaitFailure(a, "unknown node key " + b.key.publicKey().hex());
    assertThat(reason).contains(b.key.publicKey().hex());
    b.transport.send(NodeId.of("a"), utf8("let me in"));
    assertNothingArrives(a);
    assertThat(b.transport.connectedPeers()).isEmpty();
    assertThat(a.events("p2p.peer.up")).isEmpty();
  }

  @Test
  void aPeerOnAnotherChainIsRefused() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    a.start(CHAIN, b.asPeer());
    b.start("other-chain", a.asPeer());

    awaitFailure(a, "peer is on chain 'other-chain', expected '" + CHAIN + "'");
    awaitFailure(b, "peer is on chain '" + CHAIN + "', expected 'other-chain'");
    a.transport.send(NodeId.of("b"), utf8("x"));
    b.transport.send(NodeId.of("a"), utf8("y"));
    assertNothingArrives(a);
    assertNothingArrives(b);
    assertThat(a.transport.connectedPeers()).isEmpty();
    assertThat(b.transport.connectedPeers()).isEmpty();
  }

  /**
   * An impostor listens where a expects b and dials a as if it were b, but holds its own key: a
   * refuses it both when dialing (the key is not b's) and when dialed (the key is unknown).
   */
  @Test
  void anImpostorAtAPeersAddressIsRefusedInBothDirections() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    Node impostor = node("b", 3);
    a.start(CHAIN, new NodeConfig.Peer("b", impostor.address(), b.key.publicKey()));
    impostor.start(CHAIN, a.asPeer());

    String impostorKey = impostor.key.publicKey().hex();
    awaitFailure(
        a,
        "dialed peer presented node key " + impostorKey + ", expected " + b.key.publicKey().hex());
    awaitFailure(a, "unknown node key " + impostorKey);
    impostor.transport.send(NodeId.of("a"), utf8("from the impostor"));
    a.transport.send(NodeId.of("b"), utf8("to b"));
    assertNothingArrives(a);
    assertNothingArrives(impostor);
    assertThat(a.transport.connectedPeers()).isEmpty();
    assertThat(a.events("p2p.peer.up")).isEmpty();
  }

  /** A raw client that claims b's key but signs a's challenge with another key is dropped. */
  @Test
  void aClientThatClaimsAKnownKeyButCannotSignForItIsRefused() throws Exception {
    Node a = node("a", 1);
    KeyPair b = key(2);
    KeyPair forger = key(3);
    a.start(CHAIN, new NodeConfig.Peer("b", unusedAddress(), b.publicKey()));

    try (RawPeer raw = new RawPeer(a.address())) {
      Handshake.Hello aHello = raw.exchangeHellos(b.publicKey());
      byte[] forged =
          forger
              .sign(Handshake.authMessage(CHAIN, aHello.nonce(), b.publicKey(), aHello.key()))
              .bytes();
      raw.writeFrame(forged);
      awaitFailure(a, "peer b did not prove it holds node key " + b.publicKey().hex());
      assertThat(raw.closedWithin(Duration.ofSeconds(2))).isTrue();
    }
    assertThat(a.events("p2p.peer.up")).isEmpty();
  }

  /** The control for the test above: the same raw client with b's real key gets through. */
  @Test
  void aClientThatSignsWithTheKeyItClaimsIsAdmitted() throws Exception {
    Node a = node("a", 1);
    KeyPair b = key(2);
    a.start(CHAIN, new NodeConfig.Peer("b", unusedAddress(), b.publicKey()));

    try (RawPeer raw = new RawPeer(a.address())) {
      Handshake.Hello aHello = raw.exchangeHellos(b.publicKey());
      raw.writeFrame(
          b.sign(Handshake.authMessage(CHAIN, aHello.nonce(), b.publicKey(), aHello.key()))
              .bytes());
      raw.writeFrame(utf8("hand-made"));
      assertThat(a.next()).isEqualTo(new Received("b", "hand-made", "loop-a"));
    }
  }

  @Test
  void aFrameOverTheLimitDropsTheConnectionAndThePeerReconnects() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    a.start(CHAIN, b.asPeer());
    b.start(CHAIN, a.asPeer());
    awaitConnected(a, "b");

    a.transport.send(NodeId.of("b"), new byte[TcpTransport.FRAME_BYTES_MAX + 1]);
    await(
        () -> !b.events("p2p.connection.dropped").isEmpty(),
        "b drops the connection carrying the oversized frame");
    assertThat(b.events("p2p.connection.dropped").get(0).get("reason"))
        .isEqualTo("frame longer than " + TcpTransport.FRAME_BYTES_MAX + " bytes");
    assertThat(b.inbox).as("the oversized frame is not delivered").isEmpty();

    // a notices the close and redials; until then its sends may be lost, so it keeps sending.
    long deadline = System.nanoTime() + WAIT.toNanos();
    Received after = null;
    for (int i = 0; after == null && System.nanoTime() < deadline; i++) {
      a.transport.send(NodeId.of("b"), utf8("after " + i));
      after = b.inbox.poll(100, TimeUnit.MILLISECONDS);
    }
    assertThat(after).as("messages flow again after the reconnect").isNotNull();
    assertThat(after.text()).startsWith("after ");
    assertThat(a.events("p2p.peer.down")).isNotEmpty();
  }

  @Test
  void garbageOnThePortIsClosedAndTheRealPeerKeepsWorking() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    a.start(CHAIN, b.asPeer());
    b.start(CHAIN, a.asPeer());
    awaitConnected(a, "b");
    awaitConnected(b, "a");

    Random random = new Random(42);
    byte[] badMagic = new byte[4 + 64];
    random.nextBytes(badMagic);
    badMagic[0] = 0;
    badMagic[1] = 0;
    badMagic[2] = 0;
    badMagic[3] = 64;
    byte[] hugeLength = new byte[64];
    random.nextBytes(hugeLength);
    hugeLength[0] = 0x7f;
    byte[] negativeLength = new byte[64];
    random.nextBytes(negativeLength);
    negativeLength[0] = (byte) 0x80;
    byte[] silent = {0, 0}; // half a length prefix, then nothing: only the timeout ends it
    List<RawPeer> raws = new ArrayList<>();
    long start = System.nanoTime();
    for (byte[] garbage : List.of(badMagic, hugeLength, negativeLength, silent)) {
      RawPeer raw = new RawPeer(a.address());
      raws.add(raw);
      raw.out.write(garbage);
      raw.out.flush();
    }
    for (RawPeer raw : raws) {
      try (raw) {
        byte[] hello = raw.readFrame();
        assertThat(Arrays.copyOf(hello, 4)).as("a's hello comes first").isEqualTo(Handshake.MAGIC);
        assertThat(raw.closedWithin(Duration.ofSeconds(7))).as("closed").isTrue();
      }
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(7));
    assertThat(a.events("p2p.handshake.failed"))
        .extracting(e -> (String) e.get("reason"))
        .anyMatch(r -> r.contains("bad magic"))
        .anyMatch(r -> r.startsWith("TooLongFrameException"))
        .anyMatch(r -> r.contains("no handshake within 5000 ms"));

    a.transport.send(NodeId.of("b"), utf8("still here"));
    assertThat(b.next().text()).isEqualTo("still here");
    b.transport.send(NodeId.of("a"), utf8("me too"));
    assertThat(a.next().text()).isEqualTo("me too");
  }

  /**
   * A peer that sends faster than the node handles: its connection stops being read once its
   * waiting bytes pass the high-water mark, so what waits stays bounded however much it sends, and
   * reading resumes when the loop catches up, with nothing lost on the way.
   */
  @Test
  void aFastPeerIsHeldBackByBytesAndNothingIsLost() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    b.limits = new InboundBudget.Limits(64 << 10, 16 << 10, 256 << 10, 64 << 10, 4 << 20);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicLong mostPendingBytes = new AtomicLong();
    b.onEach =
        m -> {
          awaitUninterruptibly(gate);
          mostPendingBytes.accumulateAndGet(b.transport.inboundPendingBytes(), Math::max);
        };
    a.start(CHAIN, b.asPeer());
    b.start(CHAIN, a.asPeer());
    awaitConnected(a, "b");

    int count = 2_000;
    byte[] body = new byte[4 << 10];
    for (int i = 0; i < count; i++) {
      byte[] m = body.clone();
      m[0] = (byte) (i >> 8);
      m[1] = (byte) i;
      a.transport.send(NodeId.of("b"), m);
    }
    await(() -> b.transport.pausedConnections() == 1, "b stops reading a's connection");
    Thread.sleep(300);
    long heldBytes = b.transport.inboundPendingBytes();
    // One socket read past the mark at most: Netty finishes the read it is in.
    long boundBytes = (64 << 10) + (128 << 10);
    assertThat(heldBytes).as("bytes waiting while paused").isBetween(64L << 10, boundBytes);
    assertThat(b.transport.readPauses()).isGreaterThanOrEqualTo(1);

    gate.countDown();
    for (int i = 0; i < count; i++) {
      byte[] m = b.nextBytes();
      assertThat(((m[0] & 0xff) << 8) | (m[1] & 0xff))
          .as("message %d in order", i)
          .isEqualTo(i & 0xffff);
    }
    assertThat(mostPendingBytes.get()).as("the most ever waiting").isLessThanOrEqualTo(boundBytes);
    assertThat(b.transport.readPauses()).as("paused again and again").isGreaterThan(1);
    await(() -> b.transport.inboundPendingBytes() == 0, "b's budget drains to 0");
    // The last release asks a's Netty thread to resume; it does so just after.
    await(() -> b.transport.pausedConnections() == 0, "b reads a's connection again");
    assertThat(b.transport.inboundDroppedMessages()).isZero();
    assertThat(a.transport.droppedMessages()).isZero();
    assertThat(b.events("p2p.reads.paused")).first().extracting(e -> e.get("peer")).isEqualTo("a");
    assertThat(b.events("p2p.reads.resumed")).isNotEmpty();
  }

  /**
   * An exception that escapes the node's handler is a bug in the node, not the peer's doing (the
   * node refuses bad messages with a typed error): it stops the node's loop, as in the simulator,
   * so the crash canary crashes real nodes too. The message's bytes are still given back.
   */
  @Test
  void aHandlerThatThrowsStopsTheNodesLoopAsInTheSimulator() throws Exception {
    Node a = node("a", 1);
    Node c = node("c", 3);
    c.onEach =
        m -> {
          if (utf8(m).equals("boom")) {
            throw new IllegalStateException("a crash bug");
          }
        };
    a.start(CHAIN, c.asPeer());
    c.start(CHAIN, a.asPeer());
    awaitConnected(a, "c");

    a.transport.send(NodeId.of("c"), utf8("boom"));
    await(() -> c.loop.failure() != null, "c's loop stops");
    assertThat(c.loop.failure()).hasMessage("a crash bug");
    assertThat(c.transport.inboundPendingBytes()).isZero();
    assertThat(c.events("p2p.connection.dropped")).isEmpty();
  }

  /**
   * Broken framing after a good handshake, and a frame header over the limit, from real TCP
   * clients: each closes that client's connection with the reason; the node's real peer keeps
   * talking to it.
   */
  @Test
  void garbageAndOversizedFramesAfterTheHandshakeCloseThatPeerOnly() throws Exception {
    Node a = node("a", 1);
    Node c = node("c", 3);
    KeyPair b = key(2);
    a.start(CHAIN, c.asPeer(), new NodeConfig.Peer("b", unusedAddress(), b.publicKey()));
    c.start(CHAIN, a.asPeer());
    awaitConnected(c, "a");
    awaitConnected(a, "c");

    List<byte[]> attacks = new ArrayList<>();
    byte[] garbage = new byte[64];
    new Random(5).nextBytes(garbage);
    garbage[0] = (byte) 0x80; // read as an unsigned length of over 2 GiB
    attacks.add(garbage);
    // Only the header of a frame one byte over the limit: the node refuses it before any body.
    attacks.add(new byte[] {0x02, 0x00, 0x00, 0x01});
    for (byte[] attack : attacks) {
      try (RawPeer raw = new RawPeer(a.address())) {
        Handshake.Hello aHello = raw.exchangeHellos(b.publicKey());
        raw.writeFrame(
            b.sign(Handshake.authMessage(CHAIN, aHello.nonce(), b.publicKey(), aHello.key()))
                .bytes());
        raw.writeFrame(utf8("well-formed first"));
        assertThat(a.next()).isEqualTo(new Received("b", "well-formed first", "loop-a"));
        raw.out.write(attack);
        raw.out.flush();
        assertThat(raw.closedWithin(Duration.ofSeconds(5))).as("closed").isTrue();
      }
    }
    await(() -> a.events("p2p.connection.dropped").size() == 2, "a drops both connections");
    assertThat(a.events("p2p.connection.dropped"))
        .allMatch(e -> "b".equals(e.get("peer")))
        .extracting(e -> (String) e.get("reason"))
        .containsOnly("frame longer than " + TcpTransport.FRAME_BYTES_MAX + " bytes");
    assertThat(TcpTransport.FRAME_BYTES_MAX + 1).isEqualTo(0x02000001);
    assertThat(a.loop.failure()).isNull();

    c.transport.send(NodeId.of("a"), utf8("c is still heard"));
    assertThat(a.next()).isEqualTo(new Received("c", "c is still heard", "loop-a"));
    a.transport.send(NodeId.of("c"), utf8("and still sends"));
    assertThat(c.next()).isEqualTo(new Received("a", "and still sends", "loop-c"));
  }

  /**
   * A message that alone would take the bytes waiting past their hard maximum is dropped and
   * counted; the connection stays, and what follows arrives.
   */
  @Test
  void aMessageOverTheTotalMaximumIsDroppedAndCounted() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    b.limits = new InboundBudget.Limits(64 << 10, 16 << 10, 256 << 10, 64 << 10, 300 << 10);
    a.start(CHAIN, b.asPeer());
    b.start(CHAIN, a.asPeer());
    awaitConnected(a, "b");

    a.transport.send(NodeId.of("b"), new byte[400 << 10]);
    a.transport.send(NodeId.of("b"), utf8("after the big one"));
    assertThat(b.next()).isEqualTo(new Received("a", "after the big one", "loop-b"));
    assertThat(b.transport.inboundDroppedMessages()).isEqualTo(1);
    assertThat(b.transport.droppedMessages()).isEqualTo(1);
    assertThat(b.inbox).isEmpty();
    assertThat(b.events("p2p.connection.dropped")).isEmpty();
    await(() -> b.transport.pausedConnections() == 0, "b reads a again");
  }

  @Test
  void inboundLimitsMustBeOrdered() {
    assertThatThrownBy(() -> new InboundBudget.Limits(10, 10, 100, 50, 200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 <= resume < pause");
    assertThatThrownBy(() -> new InboundBudget.Limits(10, 5, 100, 50, 99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("total pause <= max");
  }

  @Test
  void inboundLimitsShrinkWithTheHeap() {
    InboundBudget.Limits small = InboundBudget.Limits.forHeap(96L << 20);
    assertThat(small.totalPauseBytes()).isEqualTo(12L << 20);
    assertThat(small.peerPauseBytes()).isEqualTo(4L << 20);
    assertThat(small.totalBytesMax()).isEqualTo((12L << 20) + TcpTransport.FRAME_BYTES_MAX);
    assertThat(InboundBudget.Limits.forHeap(1L << 30)).isEqualTo(InboundBudget.Limits.DEFAULT);
    assertThat(InboundBudget.Limits.forHeap(4L << 20).totalPauseBytes()).isEqualTo(1L << 20);
  }

  @Test
  void closeReleasesTheListenPort() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    // A peer that never answers keeps a redialing while it closes.
    NodeConfig.Peer absent = new NodeConfig.Peer("c", unusedAddress(), key(3).publicKey());
    a.start(CHAIN, b.asPeer(), absent);
    b.start(CHAIN, a.asPeer());
    awaitConnected(a, "b");
    awaitConnected(b, "a");

    a.transport.close();
    try (ServerSocket again = new ServerSocket(a.port, 50, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(a.port);
    }
  }

  /**
   * BUG (reported, not fixed here): {@link TcpTransport#close()} shuts the Netty group down without
   * closing the channels on it first. Most runs leave both connections with the peer open after the
   * group has terminated (the channels still report {@code isOpen()}), so the peer never sees this
   * node go: no {@code p2p.peer.down}, no redial, and the sockets leak until the JVM exits.
   * Expected: close() closes every peer connection, as a process exit would.
   */
  @Test
  void closeDropsTheConnectionsSoPeersSeeTheNodeGo() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    a.start(CHAIN, b.asPeer());
    b.start(CHAIN, a.asPeer());
    awaitConnected(a, "b");
    awaitConnected(b, "a");

    a.transport.close();
    await(() -> b.transport.connectedPeers().isEmpty(), "b sees a go");
    // The event is logged just after the peer leaves the connected set: wait for it too.
    await(() -> !b.events("p2p.peer.down").isEmpty(), "b logs p2p.peer.down");
  }

  @Test
  void aTakenPortIsAP2pExceptionNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Node a = node("a", 1, taken.getLocalPort());
      assertThatThrownBy(() -> a.start(CHAIN))
          .isInstanceOf(P2pException.class)
          .hasMessageContaining("cannot listen for peers on")
          .hasMessageContaining(":" + taken.getLocalPort());
    }
  }

  // ---- Helpers --------------------------------------------------------------------------------

  record Received(String from, String text, String thread) {}

  /** One transport under test, with its loop, its log and what its handler saw. */
  final class Node implements AutoCloseable {
    final String name;
    final KeyPair key;
    final int port;
    final EventLoop loop;
    final List<Map<String, Object>> log = new CopyOnWriteArrayList<>();
    final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> raw = new LinkedBlockingQueue<>();
    final List<String> peersUp = new CopyOnWriteArrayList<>();
    InboundBudget.Limits limits = InboundBudget.Limits.DEFAULT;

    /** Runs on the loop before each message is recorded; a test makes it block or throw. */
    volatile Consumer<byte[]> onEach = m -> {};

    TcpTransport transport;

    Node(String name, KeyPair key, int port) {
      this.name = name;
      this.key = key;
      this.port = port;
      this.loop = new EventLoop("loop-" + name);
    }

    InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    NodeConfig.Peer asPeer() {
      return new NodeConfig.Peer(name, address(), key.publicKey());
    }

    void start(String chainId, NodeConfig.Peer... peers) throws P2pException {
      EventLog events =
          (level, event, fields) -> {
            Map<String, Object> e = new java.util.HashMap<>(fields);
            e.put("event", event);
            log.add(e);
          };
      transport = new TcpTransport(chainId, key, address(), List.of(peers), loop, events, limits);
      transport.bind(
          new Transport.Handler() {
            @Override
            public void onMessage(NodeId from, byte[] message) {
              onEach.accept(message);
              raw.add(message);
              String text =
                  message.length > 1024 ? "<" + message.length + " bytes>" : utf8(message);
              inbox.add(new Received(from.name(), text, Thread.currentThread().getName()));
            }

            @Override
            public void onPeerUp(NodeId peer) {
              peersUp.add(peer.name());
            }
          });
      transport.start();
    }

    List<Map<String, Object>> events(String name) {
      return log.stream().filter(e -> name.equals(e.get("event"))).toList();
    }

    Received next() throws InterruptedException {
      Received r = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(r).as("a message reaches %s", name).isNotNull();
      raw.poll();
      return r;
    }

    byte[] nextBytes() throws InterruptedException {
      byte[] r = raw.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(r).as("a message reaches %s", name).isNotNull();
      inbox.poll();
      return r;
    }

    @Override
    public void close() {
      if (transport != null) {
        transport.close();
      }
      loop.close();
    }
  }

  /** A hand-driven peer on a plain socket, speaking the frame format byte by byte. */
  static final class RawPeer implements AutoCloseable {
    final Socket socket;
    final DataOutputStream out;
    final DataInputStream in;

    RawPeer(InetSocketAddress address) throws IOException {
      socket = new Socket(address.getAddress(), address.getPort());
      socket.setSoTimeout(10_000);
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    /** Sends a hello claiming {@code key}; returns the other side's hello. */
    Handshake.Hello exchangeHellos(PublicKey key) throws IOException {
      byte[] nonce = new byte[Handshake.NONCE_BYTES];
      new Random(9).nextBytes(nonce);
      writeFrame(Handshake.encodeHello(new Handshake.Hello(CHAIN, key, nonce)));
      return Handshake.decodeHello(readFrame());
    }

    void writeFrame(byte[] frame) throws IOException {
      out.writeInt(frame.length);
      out.write(frame);
      out.flush();
    }

    byte[] readFrame() throws IOException {
      int length = in.readInt();
      assertThat(length).isBetween(0, Handshake.FRAME_BYTES_MAX);
      return in.readNBytes(length);
    }

    /** True when the other side closes the connection within {@code timeout}. */
    boolean closedWithin(Duration timeout) throws IOException {
      socket.setSoTimeout((int) timeout.toMillis());
      InputStream stream = socket.getInputStream();
      try {
        while (stream.read() >= 0) {
          // drain what the other side sent before closing
        }
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset by the other side: closed too
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private Node node(String name, long seed) throws IOException {
    return node(name, seed, freePort());
  }

  private Node node(String name, long seed, int port) {
    Node n = new Node(name, key(seed), port);
    opened.add(n);
    return n;
  }

  private static KeyPair key(long seed) {
    return KeyPair.generate(SeededEntropy.of(seed));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static InetSocketAddress unusedAddress() throws IOException {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
  }

  private static void awaitConnected(Node node, String peer) throws InterruptedException {
    await(() -> node.transport.connectedPeers().contains(peer), node.name + " connects to " + peer);
  }

  /** Waits for a failed handshake whose reason contains {@code reason}; returns the reason. */
  private static String awaitFailure(Node node, String reason) throws InterruptedException {
    await(
        () ->
            node.events("p2p.handshake.failed").stream()
                .anyMatch(e -> String.valueOf(e.get("reason")).contains(reason)),
        node.name + " logs p2p.handshake.failed: " + reason);
    return node.events("p2p.handshake.failed").stream()
        .map(e -> String.valueOf(e.get("reason")))
        .filter(r -> r.contains(reason))
        .findFirst()
        .orElseThrow();
  }

  /** Gives a message sent just before time to arrive, and checks that none did. */
  private static void assertNothingArrives(Node node) throws InterruptedException {
    assertThat(node.inbox.poll(500, TimeUnit.MILLISECONDS))
        .as("delivered to " + node.name)
        .isNull();
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("in time: %s", what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
