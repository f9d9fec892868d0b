package io.ledgerlab.hermetic.agent;

import io.ledgerlab.lab.engine.Deployment;
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
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The nodes an agent manages: the reference chain as OS processes, children of the agent, linked
 * directly (no lab proxy, so the agent itself listens on nothing). Their run directory lives in the
 * agent's state, so an agent that restarts starts the same chain again from the nodes' disks.
 */
public final class ManagedNetwork implements AutoCloseable {
  private final RunLayout run;
  private final Network network;
  private final ReferenceChain chain;
  private final ProcessEngine engine;

  private ManagedNetwork(
      RunLayout run, Network network, ReferenceChain chain, ProcessEngine engine) {
    this.run = run;
    this.network = network;
    this.chain = chain;
    this.engine = engine;
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
    if (!network.target().equals(Targets.DEFAULT)) {
      throw new ManifestException(
          manifest
              + ": the agent manages nodes of the reference chain; target "
              + network.target()
              + " is run by scenarios (kind: run)");
    }
    RunLayout run = new RunLayout(runDir.toAbsolutePath().normalize());
    boolean fresh = !Files.exists(run.genesis());
    if (fresh) {
      RunFiles.create(run, network, text);
    }
    ReferenceChain chain = new ReferenceTarget().load(run);
    ProcessEngine engine =
        ProcessEngine.start(
            new Deployment(network, chain, run, 0, log), ProcessNetwork.Links.DIRECT);
    ManagedNetwork managed = new ManagedNetwork(run, network, chain, engine);
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

  public RunLayout run() {
    return run;
  }

  public Network network() {
    return network;
  }

  public ReferenceChain chain() {
    return chain;
  }

  public ProcessEngine engine() {
    return engine;
  }

  /** The lowest height every running node has committed. */
  public long minimumHeight() {
    return engine.network().minimumHeight();
  }

  /** The node processes' PIDs, by node. */
  public Map<String, Long> pids() {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
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
