package io.ledgerlab.lab.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.lab.history.History;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run's history as JSON lines: one operation event per line, in order. */
final class Histories {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Histories() {}

  static void write(History history, Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      synchronized (history) {
        for (History.Entry e : history.entries()) {
          out.write(
              JSON.writeValueAsString(
                  JSON.createObjectNode()
                      .put("index", e.index())
                      .put("timeMicros", e.timeMicros())
                      .put("client", e.client())
                      .put("type", e.type().name().toLowerCase())
                      .put("tx", e.tx())
                      .put("detail", e.detail())));
          out.write('\n');
        }
      }
    }
  }
}
