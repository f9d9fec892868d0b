package io.ledgerlab.lab.process;

import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.node.config.ConfigException;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reference nodes' clock offsets through the node's own option, for engines that run them as
 * processes or containers: in the node's config, so that a restart keeps it, and live over its RPC.
 * A node frozen when its offset changes gets it when it resumes — only then: an RPC to a JVM just
 * thawed can take a second, and the pause is over the moment it is signalled.
 */
public final class ClockOffsets {
  private final RunLayout run;
  private final EventLog log;
  private final Map<String, Long> offsets = new ConcurrentHashMap<>();
  private final Set<String> setWhilePaused = ConcurrentHashMap.newKeySet();

  public ClockOffsets(RunLayout run, EventLog log) {
    this.run = run;
    this.log = log;
  }

  /**
   * Sets {@code node}'s offset in its config and, when it runs, live.
   *
   * @param running whether the node runs, so its RPC answers
   * @param paused whether it is frozen, so the live offset waits for {@link #resumed}
   */
  public void set(
      String node, long offsetMicros, boolean running, boolean paused, Supplier<NodeClient> client)
      throws IOException, RpcException {
    offsets.put(node, offsetMicros);
    Path file = run.nodeConfig(node);
    try {
      NodeConfigs.write(NodeConfigs.read(file).withClockOffsetMicros(offsetMicros), file);
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (running) {
      client.get().setClockOffset(offsetMicros);
    } else if (paused) {
      setWhilePaused.add(node);
    }
    log.info("lab.node.skewed", Map.of("node", node, "offsetMicros", offsetMicros));
  }

  /**
   * Writes the offset in force into a config the target has just written anew (a software swap), so
   * the new software starts skewed as the old one ran.
   */
  public void rewrite(String node) throws IOException {
    Long offset = offsets.get(node);
    if (offset == null) {
      return;
    }
    Path file = run.nodeConfig(node);
    try {
      NodeConfigs.write(NodeConfigs.read(file).withClockOffsetMicros(offset), file);
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** After {@code node} resumed: the offset set while it was frozen, now live. */
  public void resumed(String node, Supplier<NodeClient> client) {
    if (setWhilePaused.remove(node)) {
      try {
        client.get().setClockOffset(offsets.get(node));
      } catch (RpcException e) {
        log.warn(
            "lab.node.skew.failed", Map.of("node", node, "reason", String.valueOf(e.getMessage())));
      }
    }
  }
}
