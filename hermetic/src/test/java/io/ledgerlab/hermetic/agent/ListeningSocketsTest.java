package io.ledgerlab.hermetic.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's self-check reads this process's sockets from /proc: listening ones, and only them.
 */
class ListeningSocketsTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static boolean listed(int port) throws Exception {
    List<String> all = ListeningSockets.ofThisProcess();
    return all.stream().anyMatch(s -> s.endsWith(":" + port));
  }

  @Test
  void aListeningServerSocketIsFoundWithItsPortAndGoneOnceClosed() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
      port = server.getLocalPort();
      assertThat(ListeningSockets.ofThisProcess())
          .filteredOn(s -> s.endsWith(":" + port))
          .singleElement()
          .satisfies(s -> assertThat(s).matches("tcp6? \\S+:" + port));
    }
    assertThat(listed(port)).isFalse();
  }

  @Test
  void aConnectedClientSocketIsNotListening() throws Exception {
    Socket accepted;
    try (Socket client = new Socket()) {
      try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
        client.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()), 5_000);
        accepted = server.accept();
        assertThat(listed(server.getLocalPort())).isTrue();
        assertThat(listed(client.getLocalPort())).isFalse();
      }
      // The server's end of the connection keeps the server's port, but does not listen.
      try (accepted) {
        assertThat(accepted.isConnected()).isTrue();
        assertThat(listed(accepted.getLocalPort())).isFalse();
      }
    }
  }

  @Test
  void aBoundUdpSocketIsFoundAndAConnectedOneIsNot() throws Exception {
    try (DatagramSocket bound = new DatagramSocket(0, LOOPBACK);
        DatagramSocket connected = new DatagramSocket(0, LOOPBACK)) {
      connected.connect(bound.getLocalSocketAddress());
      assertThat(ListeningSockets.ofThisProcess())
          .anyMatch(s -> s.matches("udp6? \\S+:" + bound.getLocalPort()));
      assertThat(listed(connected.getLocalPort())).isFalse();
    }
  }

  @Test
  void kernelAddressesAreShownAsAddresses() {
    assertThat(ListeningSockets.address("0100007F:1F90")).isEqualTo("127.0.0.1:8080");
    assertThat(ListeningSockets.address("00000000:0016")).isEqualTo("0.0.0.0:22");
    assertThat(ListeningSockets.address("00000000000000000000000001000000:01BB"))
        .isEqualTo("[00000000000000000000000001000000]:443");
  }
}
