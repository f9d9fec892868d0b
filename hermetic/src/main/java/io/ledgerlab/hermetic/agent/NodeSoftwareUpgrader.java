package io.ledgerlab.hermetic.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.hermetic.feed.Instruction;
import io.ledgerlab.hermetic.tuf.StrictJson;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.NodeLauncher;
import io.ledgerlab.lab.process.ProcessEngine;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.runtime.log.EventLog;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rolls a node build out to the managed nodes through the engine seam the lab's {@code upgrade}
 * fault uses: one node at a time is stopped (SIGTERM), given the new version and started again from
 * its own disk, and the next waits until that one has caught up with the others and committed past
 * where they were. A node that does not come back stops the rollout: the nodes not yet upgraded
 * keep the old build, and the outcome says which node failed.
 */
public final class NodeSoftwareUpgrader implements Executor {
  private static final Duration POLL = Duration.ofMillis(250);

  private final ManagedNetwork managed;
  private final EventLog log;
  private final Duration perNode;

  /**
   * @param perNode how long one node may take to come back and catch up
   */
  public NodeSoftwareUpgrader(ManagedNetwork managed, EventLog log, Duration perNode) {
    this.managed = managed;
    this.log = log;
    this.perNode = perNode;
  }

  @Override
  public Result execute(Instruction instruction, Map<String, Path> files, Path out)
      throws IOException, InterruptedException {
    Instruction.UpgradeNode up = (Instruction.UpgradeNode) instruction;
    ProcessEngine engine = managed.engine();
    if (engine.network().network().versions().containsKey(up.version())) {
      return new Result(false, "version " + up.version() + " exists already on this network");
    }
    List<String> entries = new ArrayList<>();
    for (String jar : up.jars()) {
      entries.add(files.get(jar).toAbsolutePath().toString());
    }
    // The build's jars first: its classes win; the agent's own jars supply what it does not ship.
    String classpath =
        String.join(File.pathSeparator, entries)
            + File.pathSeparator
            + NodeLauncher.currentClasspath();
    List<String> nodes = engine.nodes();
    Network.Version from =
        engine.network().network().version(engine.network().version(nodes.get(0)));
    managed.addVersion(
        new Network.Version(up.version(), Optional.of(classpath), from.chainCode(), Canary.NONE));
    ObjectNode report = StrictJson.MAPPER.createObjectNode();
    report.put("version", up.version());
    report.putArray("jars").addAll(up.jars().stream().map(report::textNode).toList());
    ObjectNode perNodeReport = report.putObject("nodes");
    try {
      for (String node : nodes) {
        Optional<String> failed = roll(engine, node, up.version(), nodes, perNodeReport);
        if (failed.isPresent()) {
          write(out, report);
          return new Result(false, failed.get());
        }
      }
    } catch (ClientException e) {
      write(out, report);
      return new Result(false, "a node did not answer: " + e.getMessage());
    }
    write(out, report);
    log.info("agent.node.upgraded", Map.of("version", up.version(), "nodes", nodes.size()));
    return new Result(
        true,
        "version " + up.version() + " runs on " + nodes.size() + " nodes, restarted one at a time");
  }

  /** Upgrades one node; empty when it came back and caught up, else why not. */
  private Optional<String> roll(
      ProcessEngine engine, String node, String to, List<String> nodes, ObjectNode report)
      throws ClientException, InterruptedException, IOException {
    long others = 0;
    for (String n : nodes) {
      if (!n.equals(node)) {
        others = Math.max(others, engine.client(n).head().height());
      }
    }
    long down = System.nanoTime();
    engine.stop(node);
    engine.setVersion(node, to);
    managed.nodeRuns(node, to);
    engine.start(node);
    long deadline = System.nanoTime() + perNode.toNanos();
    long height = -1;
    while (System.nanoTime() < deadline) {
      try {
        height = engine.client(node).head().height();
        if (height > others) {
          break;
        }
      } catch (ClientException e) {
        // Still starting.
      }
      Thread.sleep(POLL.toMillis());
    }
    ObjectNode n = report.putObject(node);
    n.put("version", to)
        .put("heightBefore", others)
        .put("height", height)
        .put("secondsToCatchUp", (System.nanoTime() - down) / 1e9);
    engine.network().process(node).pid().ifPresent(p -> n.put("pid", p));
    log.info("agent.node.restarted", Map.of("node", node, "version", to, "height", height));
    if (height <= others) {
      return Optional.of(
          node
              + " did not catch up on version "
              + to
              + " within "
              + perNode.toSeconds()
              + " s (height "
              + height
              + ", the others at "
              + others
              + "); the nodes after it keep their version");
    }
    return Optional.empty();
  }

  private static void write(Path out, ObjectNode report) throws IOException {
    Files.write(
        out.resolve("upgrade-node.json"),
        StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
  }
}
