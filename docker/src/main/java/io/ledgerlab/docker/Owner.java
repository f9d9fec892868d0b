package io.ledgerlab.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user the lab runs as, so that containers write the run directory as the lab would. */
final class Owner {
  private Owner() {}

  /** "uid:gid" of this process, read from {@code /proc/self/status}; "0:0" if unreadable. */
  static String uidGid() {
    String uid = "0";
    String gid = "0";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          uid = line.split("\\s+")[1];
        } else if (line.startsWith("Gid:")) {
          gid = line.split("\\s+")[1];
        }
      }
    } catch (IOException e) {
      // Not Linux: the daemon's default user.
    }
    return uid + ":" + gid;
  }
}
