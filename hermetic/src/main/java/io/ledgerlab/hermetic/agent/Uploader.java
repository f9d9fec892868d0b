package io.ledgerlab.hermetic.agent;

import io.ledgerlab.hermetic.feed.Uploads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends an upload directory to the feed server, manifest last: an operator who sees {@code
 * upload.json} finds every file it lists already there. A connection out, like every fetch.
 */
final class Uploader {
  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  Uploader(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Sends every file of {@code dir}; throws naming the first the server did not take. */
  void send(String agentKeyId, String instruction, Path dir)
      throws IOException, InterruptedException {
    List<Path> files = new ArrayList<>(Uploads.files(dir));
    files.add(dir.resolve(Uploads.MANIFEST));
    String tag = Uploads.tag(dir);
    for (Path f : files) {
      URI uri =
          base.resolve(
              "uploads/" + agentKeyId + "/" + instruction + "/" + tag + "/" + f.getFileName());
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(timeout.multipliedBy(10))
                  .PUT(HttpRequest.BodyPublishers.ofFile(f))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200 && r.statusCode() != 201) {
        throw new IOException(uri + ": HTTP " + r.statusCode() + " " + r.body().strip());
      }
    }
  }
}
