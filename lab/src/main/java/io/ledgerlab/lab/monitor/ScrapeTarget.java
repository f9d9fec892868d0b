package io.ledgerlab.lab.monitor;

import java.net.URI;
import java.util.Objects;

/**
 * One node Prometheus scrapes, as job {@code nodes}.
 *
 * @param node the node's name, such as {@code n0}: the {@code node} label
 * @param role {@code validator} or {@code observer}: the {@code role} label
 * @param endpoint the node's HTTP endpoint as the lab's host reaches it ({@code
 *     http://host:port/}); its {@code /metrics} is scraped
 */
public record ScrapeTarget(String node, String role, URI endpoint) {
  public ScrapeTarget {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(endpoint, "endpoint");
    if (!"http".equals(endpoint.getScheme()) || endpoint.getPort() < 0) {
      throw new IllegalArgumentException(
          node + ": expected an endpoint such as http://127.0.0.1:26657/, got " + endpoint);
    }
  }

  /** {@code host:port}, as a static target names it. */
  String hostPort() {
    return hostPort(endpoint);
  }

  static String hostPort(URI uri) {
    return uri.getHost() + ":" + uri.getPort();
  }

  /** The path of {@code /metrics} under an endpoint's own path. */
  static String metricsPath(URI uri) {
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    return (path.endsWith("/") ? path : path + "/") + "metrics";
  }
}
