package io.ledgerlab.hermetic.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.hermetic.tuf.Key;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed server over real HTTP on loopback: it serves the repository and nothing beside it, and
 * takes each upload once, within its bound.
 */
class FeedServerTest {
  /** The manifest-hash directory an upload goes to (any 16 lowercase hex digits). */
  private static final String TAG = "0123456789abcdef";

  private static final String AGENT_ID = new Key(FeedFixture.AGENT.publicKey()).id();
  private static final String SECRET = "the operator's private notes\n";

  @TempDir Path tmp;
  private Feed feed;
  private FeedServer server;
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    feed = FeedFixture.init(tmp.resolve("feed"), Instant.parse("2026-11-29T10:00:00Z"));
    // Files an escape from repo/ would reach: beside it, and above the feed.
    Files.writeString(feed.dir().resolve("secret.txt"), SECRET);
    Files.writeString(tmp.resolve("secret.txt"), SECRET);
    server = FeedServer.start(feed, new InetSocketAddress("127.0.0.1", 0), log::add);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aRepositoryGivenByARelativePathIsServed() throws Exception {
    Path relative = Path.of("").toAbsolutePath().relativize(feed.repo().toAbsolutePath());
    try (FeedServer s =
        FeedServer.start(
            Path.of(".").resolve(relative),
            null,
            new InetSocketAddress("127.0.0.1", 0),
            log::add)) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(s.url() + "metadata/1.root.json")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"_type\" : \"root\"");
    }
  }

  /** A response's status and body, read off the socket as the server wrote it. */
  record Reply(int status, String body) {}

  /**
   * Sends a request exactly as written, so that no client library tidies the path first (a {@code
   * ..} or a {@code %2e%2e} reaches the server as an attacker would send it).
   */
  private Reply raw(String method, String rawPath, String headers, byte[] body) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(server.address(), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          (method
                  + " "
                  + rawPath
                  + " HTTP/1.1\r\nHost: feed\r\nConnection: close\r\n"
                  + headers
                  + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return read(s.getInputStream(), method.equals("HEAD"));
    }
  }

  /**
   * Reads the status line, the headers and as many body bytes as Content-Length says: not to the
   * end of the stream, which a server that refused a body part-way may end with a reset.
   */
  private static Reply read(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    while (!headers.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the response ended inside its headers: %s", headers).isNotNegative();
      headers.write(b);
    }
    String text = headers.toString(StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("HTTP/1.1 ");
    int status = Integer.parseInt(text.substring(9, 12));
    long length = -1;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring("content-length:".length()).strip());
      }
    }
    byte[] body =
        head ? new byte[0] : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
    return new Reply(status, new String(body, StandardCharsets.UTF_8));
  }

  private Reply get(String rawPath) throws IOException {
    return raw("GET", rawPath, "", new byte[0]);
  }

  private HttpResponse<String> put(String path, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // ---- Serving ---------------------------------------------------------------------------------

  @Test
  void servesTheRepositoryFiles() throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "metadata/1.root.json")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Files.readAllBytes(feed.repo().resolve("metadata/1.root.json")));
    assertThat(r.headers().firstValueAsLong("content-length"))
        .hasValue(Files.size(feed.repo().resolve("metadata/1.root.json")));

    Reply head = raw("HEAD", "/metadata/timestamp.json", "", new byte[0]);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.address().getPort() + "/");
  }

  @Test
  void aFileThatIsNotThereIsA404() throws Exception {
    assertThat(get("/metadata/2.root.json").status()).isEqualTo(404);
    assertThat(get("/").status()).isEqualTo(404);
    assertThat(get("/metadata").status()).isEqualTo(404);
  }

  @Test
  void noPathReachesAFileOutsideTheRepository() throws Exception {
    for (String path :
        List.of(
            "/../secret.txt",
            "/../../secret.txt",
            "/metadata/../../secret.txt",
            "/metadata/../../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/metadata/%2e%2e/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/metadata/..%2F..%2Fsecret.txt",
            "/%2e%2e%2fsecret.txt",
            "/.%2e/secret.txt",
            "/" + feed.dir().resolve("secret.txt"),
            "//" + feed.dir().resolve("secret.txt"),
            "/./metadata/root.json",
            "/metadata/./root.json",
            "/metadata//root.json")) {
      Reply r = get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).doesNotContain("private notes");
    }
    // Not a URI at all: the HTTP layer refuses it before the server looks.
    Reply r = get("/..\\secret.txt");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).doesNotContain("private notes");
  }

  @Test
  void onlyGetHeadAndPutAreAnswered() throws Exception {
    assertThat(raw("DELETE", "/metadata/root.json", "", new byte[0]).status()).isEqualTo(405);
    assertThat(raw("POST", "/metadata/root.json", "Content-Length: 0\r\n", new byte[0]).status())
        .isEqualTo(405);
    assertThat(feed.repo().resolve("metadata/root.json")).exists();
  }

  // ---- Uploads ---------------------------------------------------------------------------------

  private Path uploaded(String instruction, String name) {
    return feed.uploads().resolve(AGENT_ID).resolve(instruction).resolve(TAG).resolve(name);
  }

  @Test
  void anUploadIsStoredOnceAndTheSameBytesAgainAreAccepted() throws Exception {
    String path = "uploads/" + AGENT_ID + "/run-1/" + TAG + "/summary.txt";
    byte[] first = "valid: true\n".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = put(path, first);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(uploaded("run-1", "summary.txt")).hasBinaryContent(first);

    r = put(path, first);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("already stored\n");

    r = put(path, "valid: false\n".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).isEqualTo("stored already, with other bytes\n");
    assertThat(uploaded("run-1", "summary.txt")).hasBinaryContent(first);
    assertThat(log).contains("upload " + path + " (12 bytes)");
  }

  @Test
  void anEmptyFileIsAnUpload() throws Exception {
    assertThat(
            put("uploads/" + AGENT_ID + "/run-1/" + TAG + "/empty.log", new byte[0]).statusCode())
        .isEqualTo(201);
    assertThat(uploaded("run-1", "empty.log")).isEmptyFile();
  }

  @Test
  void uploadsGoOnlyToTheirOwnPlace() throws Exception {
    byte[] body = "x".getBytes(StandardCharsets.UTF_8);
    String header = "Content-Length: 1\r\n";
    for (String path :
        List.of(
            "/uploads/abc/run-1/" + TAG + "/f.txt",
            "/uploads/" + AGENT_ID.toUpperCase(java.util.Locale.ROOT) + "/run-1/" + TAG + "/f.txt",
            "/uploads/" + AGENT_ID + "/../f.txt",
            "/uploads/" + AGENT_ID + "/run-1/" + TAG + "/..",
            "/uploads/" + AGENT_ID + "/run-1/" + TAG + "/.hidden",
            "/uploads/" + AGENT_ID + "/run-1/" + TAG + "/%2e%2e",
            "/uploads/" + AGENT_ID + "/%2e%2e/f.txt",
            "/uploads/" + AGENT_ID + "/run-1",
            "/uploads/" + AGENT_ID + "/run-1/" + TAG + "/a/b.txt",
            "/uploads/" + AGENT_ID + "/run-1/" + TAG + "/" + "n".repeat(129),
            "/uploads/" + AGENT_ID + "/" + "i".repeat(65) + "/f.txt",
            "/uploads/" + AGENT_ID + "/run-1/0123456789ABCDEF/f.txt",
            "/uploads/" + AGENT_ID + "/run-1/0123/f.txt",
            "/uploads/" + AGENT_ID + "/run-1/f.txt",
            "/uploads/../metadata/root.json",
            "/metadata/root.json",
            "/metadata/9.root.json",
            "/secret.txt")) {
      Reply r = raw("PUT", path, header, body);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body())
          .as(path)
          .isEqualTo("uploads go to /uploads/AGENT-KEY-ID/INSTRUCTION/TAG/NAME\n");
    }
    assertThat(feed.uploads()).doesNotExist();
    assertThat(feed.repo().resolve("metadata/9.root.json")).doesNotExist();
    assertThat(feed.repo().resolve("metadata/root.json"))
        .hasSameBinaryContentAs(feed.repo().resolve("metadata/1.root.json"));
    assertThat(Files.readString(feed.dir().resolve("secret.txt"))).isEqualTo(SECRET);
  }

  @Test
  void aServerWithoutAnUploadsDirectoryTakesNoUploads() throws Exception {
    try (FeedServer readOnly =
        FeedServer.start(feed.repo(), null, new InetSocketAddress("127.0.0.1", 0), log::add)) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          readOnly.url() + "uploads/" + AGENT_ID + "/run-1/" + TAG + "/f.txt"))
                  .PUT(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(404);
    }
    assertThat(feed.uploads()).doesNotExist();
  }

  @Test
  void anUploadDeclaredOverTheBoundIsRefusedBeforeItIsRead() throws Exception {
    Reply r =
        raw(
            "PUT",
            "/uploads/" + AGENT_ID + "/run-1/" + TAG + "/big.bin",
            "Content-Length: " + (FeedServer.UPLOAD_BYTES_MAX + 1) + "\r\n",
            new byte[0]);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("at most 67108864 bytes per file\n");
    assertThat(uploaded("run-1", "big.bin")).doesNotExist();
  }

  /**
   * A body without a declared length (chunked) is counted as it arrives and cut one byte past the
   * bound: 64 MiB over loopback, which takes well under two seconds.
   */
  @Test
  void anUploadStreamedOverTheBoundIsCut() throws Exception {
    long total = FeedServer.UPLOAD_BYTES_MAX + (1 << 20);
    AtomicLong sent = new AtomicLong();
    long started = System.nanoTime();
    Reply r;
    try (Socket s = new Socket()) {
      s.connect(server.address(), 5_000);
      s.setSoTimeout(10_000);
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = s.getOutputStream();
                  out.write(
                      ("PUT /uploads/"
                              + AGENT_ID
                              + "/run-1/"
                              + TAG
                              + "/big.bin HTTP/1.1\r\nHost: feed\r\n"
                              + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                          .getBytes(StandardCharsets.ISO_8859_1));
                  byte[] chunk = new byte[1 << 20];
                  byte[] head =
                      (Integer.toHexString(chunk.length) + "\r\n")
                          .getBytes(StandardCharsets.ISO_8859_1);
                  while (sent.get() < total) {
                    out.write(head);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    sent.addAndGet(chunk.length);
                  }
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                  out.flush();
                } catch (IOException e) {
                  // The server stops reading at the bound and closes: expected mid-way.
                }
              },
              "oversized-upload");
      writer.setDaemon(true);
      writer.start();
      r = read(s.getInputStream(), false);
      writer.join(10_000);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(r.status()).isEqualTo(413);
    assertThat(uploaded("run-1", "big.bin")).doesNotExist();
    assertThat(millis).as("milliseconds to stream the bound").isLessThan(10_000);
  }
}
