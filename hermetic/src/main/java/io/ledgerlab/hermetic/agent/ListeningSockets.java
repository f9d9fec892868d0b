package io.ledgerlab.hermetic.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP and UDP sockets this process has listening or bound for receiving, read from Linux's
 * {@code /proc}: the socket inodes among the process's open files, matched against the kernel's
 * tables of listening TCP sockets and bound UDP sockets. The agent checks itself with it on every
 * poll: an agent that someone could connect to is not hermetic, whatever its code intends.
 */
public final class ListeningSockets {
  private static final String TCP_LISTEN = "0A";
  private static final String UDP_UNCONNECTED = "07";

  private ListeningSockets() {}

  /** Listening sockets of this process as "tcp 127.0.0.1:port" lines; empty when none. */
  public static List<String> ofThisProcess() throws IOException {
    return of(Path.of("/proc/self"));
  }

  /** The same for the process whose {@code /proc/PID} directory is {@code proc}. */
  public static List<String> of(Path proc) throws IOException {
    if (!Files.isDirectory(proc.resolve("fd"))) {
      throw new IOException(
          proc + "/fd is not there: the agent checks its sockets through Linux's /proc");
    }
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // The descriptor closed between listing and reading: not a socket of ours any more.
        }
      }
    }
    List<String> out = new ArrayList<>();
    scan(proc.resolve("net/tcp"), "tcp", TCP_LISTEN, inodes, out);
    scan(proc.resolve("net/tcp6"), "tcp6", TCP_LISTEN, inodes, out);
    scan(proc.resolve("net/udp"), "udp", UDP_UNCONNECTED, inodes, out);
    scan(proc.resolve("net/udp6"), "udp6", UDP_UNCONNECTED, inodes, out);
    return out;
  }

  private static void scan(
      Path table, String proto, String state, Set<String> inodes, List<String> out)
      throws IOException {
    if (!Files.isReadable(table)) {
      return;
    }
    List<String> lines = Files.readAllLines(table);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      if (f.length > 9 && f[3].equals(state) && inodes.contains(f[9])) {
        out.add(proto + " " + address(f[1]));
      }
    }
  }

  /**
   * "0100007F:1F90" → "127.0.0.1:8080" (IPv4); IPv6 addresses are shown as the kernel writes them.
   */
  static String address(String hex) {
    String[] parts = hex.split(":");
    int port = Integer.parseInt(parts[1], 16);
    String a = parts[0];
    if (a.length() == 8) {
      long v = Long.parseLong(a, 16);
      return (v & 0xff)
          + "."
          + ((v >> 8) & 0xff)
          + "."
          + ((v >> 16) & 0xff)
          + "."
          + ((v >> 24) & 0xff)
          + ":"
          + port;
    }
    return "[" + a + "]:" + port;
  }
}
