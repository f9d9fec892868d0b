package io.ledgerlab.lab.process.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Blocking client sockets with bounded reads, so a test can hang on nothing. */
final class TestSockets {
  static final int READ_TIMEOUT_MILLIS = 5_000;

  private TestSockets() {}

  static Socket dial(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.connect(address, READ_TIMEOUT_MILLIS);
    return socket;
  }

  static byte[] read(Socket socket, int length) throws IOException {
    byte[] bytes = new byte[length];
    new DataInputStream(socket.getInputStream()).readFully(bytes);
    return bytes;
  }

  /** Sends one byte and expects it back. */
  static void assertEchoes(Socket socket, int value) throws IOException {
    socket.getOutputStream().write(value);
    assertThat(socket.getInputStream().read()).isEqualTo(value);
  }

  /**
   * The peer closed or reset the connection; a read that times out instead means it is still open.
   * Returns how it ended: null for an orderly close, else the exception.
   */
  static IOException assertClosedByPeer(Socket socket) {
    try {
      int read = socket.getInputStream().read();
      assertThat(read).as("read on a connection the proxy should have closed").isEqualTo(-1);
      return null;
    } catch (SocketTimeoutException e) {
      return fail("connection still open after " + READ_TIMEOUT_MILLIS + " ms", e);
    } catch (IOException e) {
      return e;
    }
  }

  /** Whether one byte sent to {@code address} comes back; false if the proxy closes the dial. */
  static boolean passes(InetSocketAddress address) throws IOException {
    try (Socket socket = dial(address)) {
      try {
        socket.getOutputStream().write(42);
        int read = socket.getInputStream().read();
        assertThat(read).as("echo through %s", address).isIn(-1, 42);
        return read == 42;
      } catch (SocketTimeoutException e) {
        return fail("no answer and no close through " + address, e);
      } catch (IOException e) {
        return false; // reset by the proxy: the link is blocked
      }
    }
  }
}
