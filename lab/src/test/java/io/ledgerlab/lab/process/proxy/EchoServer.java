package io.ledgerlab.lab.process.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A blocking loopback server for proxy tests, independent of the Netty code under test: it echoes
 * every byte back, or with {@link #silent()} accepts and never reads, to push back.
 */
final class EchoServer implements AutoCloseable {
  private final ServerSocket server;
  private final boolean echo;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private EchoServer(boolean echo) {
    this.echo = echo;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
    acceptor = new Thread(this::acceptLoop, "echo-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static EchoServer echo() {
    return new EchoServer(true);
  }

  static EchoServer silent() {
    return new EchoServer(false);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException closed) {
        return; // close() closed the server socket
      }
      sockets.add(socket);
      if (echo) {
        Thread copier = new Thread(() -> copyBack(socket), "echo-" + socket.getPort());
        copier.setDaemon(true);
        copier.start();
      }
    }
  }

  private static void copyBack(Socket socket) {
    byte[] buffer = new byte[64 << 10];
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (IOException endedByPeer) {
      // The proxy reset or closed the connection: that is what many tests do on purpose.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
