package io.ledgerlab.hermetic.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.hermetic.tuf.StrictJson;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.manifest.YamlSource;
import io.ledgerlab.lab.process.ProcessEngine;
import io.ledgerlab.lab.process.ProcessNetwork;
import io.ledgerlab.lab.process.RunFiles;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.lab.target.reference.ReferenceTarget;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.runtime.disk.DurableFiles;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes an agent manages: the reference chain as OS processes, children of the agent, linked
 * directly (no lab proxy, so the agent itself listens on nothing). Their run directory lives in the
 * agent's state, with a record of the node builds delivered since ({@code versions.json}), so an
 * agent that restarts starts the same chain again from the nodes' disks, each node on the build it
 * last ran.
 */
public final class ManagedNetwork implements AutoCloseable {
  private static final String VERSIONS = "versions.json";

  private final RunLayout run;
  private final ReferenceChain chain;
  private final ProcessEngine engine;
  private final ObjectNode versions;

  private ManagedNetwork(
      RunLayout run, ReferenceChain chain, ProcessEngine engine, ObjectNode versions) {
    this.run = run;
    this.chain = chain;
    this.engine = engine;
    this.versions = versions;
  }

  /**
   * Starts the network of {@code manifest} in {@code runDir}: created on first use, reused after.
   *
   * @throws ManifestException for a manifest the agent cannot run, with file:line:col
   */
  public static ManagedNetwork open(Path manifest, Path runDir, EventLog log, Duration firstBlock)
      throws IOException, ManifestException, InterruptedException {
    String text = YamlSource.read(manifest, YamlSource.Kind.MANIFEST);
    Network network = ManifestParser.parse(manifest.toString(), text);
    var where = ManifestParser.locations(manifest.toString(), text);
    if (!network.target().equals(Targets.DEFAULT)) {
      throw new ManifestException(
          where.error(
              "/target",
              "the agent manages nodes of the reference chain; target "
                  + network.target()
                  + " is run by scenarios (kind: run)"));
    }
    for (int i = 0; i < network.nodes().size(); i++) {
      if (network.nodes().get(i).twin()) {
        throw new ManifestException(
            where.error(
                "/nodes/" + i + "/twin",
                "the agent runs its nodes as processes, which cannot run twins (sim only)"));
      }
    }
    if (network.launch().image().isPresent()) {
      throw new ManifestException(
          where.error(
              "/launch/image",
              "the agent runs its nodes as processes; a container image is for the docker"
                  + " engine"));
    }
    if (!LinkState.of(network).values().stream().allMatch(LinkState.NONE::equals)) {
      throw new ManifestException(
          where.error(
              "/links",
              "the agent links its nodes directly, with no proxy of the lab's to delay or"
                  + " drop their traffic; remove links"));
    }
    if (!network.links().direct() && where.has("/links/via")) {
      throw new ManifestException(
          where.error(
              "/links/via",
              "the agent links its nodes directly, with no proxy of the lab's; remove 'via'"
                  + " or say direct"));
    }
    // Observers, relay and rescueAfter reach the nodes' configs through the process engine.
    ManifestParser.refuseMonitoring(
        manifest.toString(), text, network, "a network the agent manages");
    RunLayout run = new RunLayout(runDir.toAbsolutePath().normalize());
    boolean fresh = !Files.exists(run.genesis());
    if (fresh) {
      RunFiles.create(run, network, text);
    }
    ObjectNode versions = readVersions(run);
    network = withDelivered(network, versions);
    ReferenceChain chain = new ReferenceTarget().load(run);
    ProcessEngine engine =
        ProcessEngine.start(
            new Deployment(network, chain, run, 0, log), ProcessNetwork.Links.DIRECT);
    ManagedNetwork managed = new ManagedNetwork(run, chain, engine, versions);
    log.info(
        "agent.network.started",
        Map.of("nodes", network.nodes().size(), "run", run.root().toString(), "fresh", fresh));
    if (!engine.network().awaitHeight(1, firstBlock)) {
      managed.close();
      throw new IOException(
          "the managed network committed no block within "
              + firstBlock.toSeconds()
              + " s; see "
              + run.logs());
    }
    return managed;
  }

  /** The manifest's network with the builds delivered before, and each node on its last one. */
  private static Network withDelivered(Network network, ObjectNode versions) {
    // A build delivered later carries the chain code the manifest's nodes start with.
    Network.Version base = network.version(network.nodes().get(0).version());
    Iterator<Map.Entry<String, JsonNode>> added = versions.path("added").fields();
    while (added.hasNext()) {
      Map.Entry<String, JsonNode> v = added.next();
      network =
          network.withVersion(
              new Network.Version(
                  v.getKey(), Optional.of(v.getValue().asText()), base.chainCode(), Canary.NONE));
    }
    Iterator<Map.Entry<String, JsonNode>> nodes = versions.path("nodes").fields();
    while (nodes.hasNext()) {
      Map.Entry<String, JsonNode> n = nodes.next();
      network = network.withNodeVersion(n.getKey(), n.getValue().asText());
    }
    return network;
  }

  private static ObjectNode readVersions(RunLayout run) throws IOException {
    Path f = run.root().resolve(VERSIONS);
    if (!Files.exists(f)) {
      ObjectNode o = StrictJson.MAPPER.createObjectNode();
      o.putObject("added");
      o.putObject("nodes");
      return o;
    }
    return (ObjectNode) StrictJson.MAPPER.readTree(f.toFile());
  }

  /** Adds a node build under {@code version}, remembered across restarts. */
  public synchronized void addVersion(Network.Version version) throws IOException {
    engine.addVersion(version);
    ((ObjectNode) versions.get("added")).put(version.name(), version.classpath().orElseThrow());
    save();
  }

  /** Records that {@code node} runs {@code version} now, so a restart starts it on that build. */
  public synchronized void nodeRuns(String node, String version) throws IOException {
    ((ObjectNode) versions.get("nodes")).put(node, version);
    save();
  }

  private void save() throws IOException {
    DurableFiles.write(
        run.root().resolve(VERSIONS),
        StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(versions));
  }

  public RunLayout run() {
    return run;
  }

  public ReferenceChain chain() {
    return chain;
  }

  public ProcessEngine engine() {
    return engine;
  }

  /** The node processes' PIDs, by node. */
  public Map<String, Long> pids() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String n : engine.nodes()) {
      engine.network().process(n).pid().ifPresent(p -> out.put(n, p));
    }
    return out;
  }

  @Override
  public void close() {
    engine.close();
  }
}
