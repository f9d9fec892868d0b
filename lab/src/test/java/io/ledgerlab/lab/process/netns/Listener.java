package io.ledgerlab.lab.process.netns;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP listener that accepts and closes, run inside a namespace by {@link NamespaceNetIT}. */
public final class Listener {
  private Listener() {}

  public static void main(String[] args) throws IOException {
    try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]))) {
      System.out.println("listening");
      System.out.flush();
      while (true) {
        try (Socket s = server.accept()) {
          s.getOutputStream().write('k');
        }
      }
    }
  }
}
