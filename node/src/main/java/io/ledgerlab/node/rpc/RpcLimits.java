package io.ledgerlab.node.rpc;

/**
 * The bounds of the node's HTTP endpoint: how long a client may take, how much it may send, and how
 * many connections it may hold. What a client gets past each bound is in docs/rpc.md.
 *
 * @param headerTimeoutMillis from a connection's first byte of a request (or its opening) to the
 *     end of the request's headers; past it the connection is closed
 * @param bodyTimeoutMillis from the end of the headers to the end of the body
 * @param idleTimeoutMillis how long a keep-alive connection may wait between requests
 * @param writeTimeoutMillis how long an answer may take to leave, for a client that does not read
 * @param headBytesMax request line and headers together; past it the answer is 431
 * @param connectionsMax open connections in all; past it a new connection gets 503 and is closed
 * @param connectionsPerAddressMax open connections from one client IP address
 * @param workers threads that answer requests (a JSON-RPC call may wait for the node's event loop)
 * @param queuedRequestsMax requests waiting for a worker; past it the answer is 503
 * @param bufferedBodyBytesMax request bodies held at once across all connections; past it 503
 */
public record RpcLimits(
    long headerTimeoutMillis,
    long bodyTimeoutMillis,
    long idleTimeoutMillis,
    long writeTimeoutMillis,
    int headBytesMax,
    int connectionsMax,
    int connectionsPerAddressMax,
    int workers,
    int queuedRequestsMax,
    long bufferedBodyBytesMax) {

  public RpcLimits {
    positive("headerTimeoutMillis", headerTimeoutMillis);
    positive("bodyTimeoutMillis", bodyTimeoutMillis);
    positive("idleTimeoutMillis", idleTimeoutMillis);
    positive("writeTimeoutMillis", writeTimeoutMillis);
    positive("headBytesMax", headBytesMax);
    positive("connectionsMax", connectionsMax);
    positive("connectionsPerAddressMax", connectionsPerAddressMax);
    positive("workers", workers);
    positive("queuedRequestsMax", queuedRequestsMax);
    if (bufferedBodyBytesMax < RpcHttpServer.BODY_BYTES_MAX) {
      throw new IllegalArgumentException(
          "bufferedBodyBytesMax must hold one largest body ("
              + RpcHttpServer.BODY_BYTES_MAX
              + " bytes), got "
              + bufferedBodyBytesMax);
    }
  }

  /**
   * The node's limits. Connections per address are generous because the lab's clients all come from
   * one address (loopback, or the container bridge): the bound stops one host from taking every
   * connection, not a busy lab from submitting.
   */
  public static RpcLimits defaults() {
    return new RpcLimits(
        5_000,
        10_000,
        60_000,
        10_000,
        8 * 1024,
        4096,
        1024,
        4,
        1024,
        bodyBudgetFor(Runtime.getRuntime().maxMemory()));
  }

  /**
   * Request bodies held at once: 64 MiB, or an eighth of a smaller heap (a node started with
   * -Xmx96m holds 12 MiB), never less than two largest bodies.
   */
  static long bodyBudgetFor(long maxHeapBytes) {
    long max = 64L * 1024 * 1024;
    return Math.max(2L * RpcHttpServer.BODY_BYTES_MAX, Math.min(max, maxHeapBytes / 8));
  }

  public RpcLimits withTimeoutsMillis(long header, long body, long idle) {
    return new RpcLimits(
        header,
        body,
        idle,
        writeTimeoutMillis,
        headBytesMax,
        connectionsMax,
        connectionsPerAddressMax,
        workers,
        queuedRequestsMax,
        bufferedBodyBytesMax);
  }

  public RpcLimits withConnectionsMax(int total, int perAddress) {
    return new RpcLimits(
        headerTimeoutMillis,
        bodyTimeoutMillis,
        idleTimeoutMillis,
        writeTimeoutMillis,
        headBytesMax,
        total,
        perAddress,
        workers,
        queuedRequestsMax,
        bufferedBodyBytesMax);
  }

  public RpcLimits withWorkers(int threads, int queued) {
    return new RpcLimits(
        headerTimeoutMillis,
        bodyTimeoutMillis,
        idleTimeoutMillis,
        writeTimeoutMillis,
        headBytesMax,
        connectionsMax,
        connectionsPerAddressMax,
        threads,
        queued,
        bufferedBodyBytesMax);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
