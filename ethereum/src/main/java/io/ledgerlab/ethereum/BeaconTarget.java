package io.ledgerlab.ethereum;

import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.manifest.NetworkFile;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.runtime.entropy.Entropy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ethereum beacon nodes (proof-of-stake consensus) through the standard Beacon REST API, run by
 * default as Lodestar in dev mode: each node holds its share of the interop validators of one
 * genesis, and the nodes find each other by discovery from the first node's record (ENR). A beacon
 * chain may reorganise its head; what it promises never to revert is its finalized checkpoint, so
 * the lab's height of a node is the number of blocks up to its finalized checkpoint: safety is
 * agreement on finalized blocks, liveness is finality moving on after the heal. The nodes take no
 * transactions from the lab (its scenarios use the {@code none} workload).
 */
public final class BeaconTarget implements Target {
  public static final String NAME = "beacon";
  static final String SLOT_SECONDS = "slotSeconds";
  static final String VALIDATORS_PER_NODE = "validatorsPerNode";

  /**
   * How long after the chain is deployed its genesis comes: every node must be up by then (the
   * first alone takes some seconds, the others wait for its record).
   */
  static final long GENESIS_DELAY_SECONDS = 20;

  private static final Set<String> CHECKS = Set.of("safety", "liveness", "nodes");
  private static final int MAX_NODES = 16;

  @Override
  public String name() {
    return NAME;
  }

  /** None: the lab sends a beacon chain nothing. */
  @Override
  public Set<Class<? extends Op>> operations() {
    return Set.of();
  }

  /**
   * Safety and liveness over finalized blocks, and the nodes' exits. No durability, validity or
   * state checks: nothing the lab sent is there to find.
   */
  @Override
  public Set<String> checks() {
    return CHECKS;
  }

  /**
   * Signals, and the link faults kernel drops make (the nodes live in namespaces): no delays,
   * stalls or bandwidth caps, and no clock skew (a node keeps its own clock).
   */
  @Override
  public Set<FaultKind> faults() {
    return EnumSet.of(
        FaultKind.KILL,
        FaultKind.STOP,
        FaultKind.RESTART,
        FaultKind.PAUSE,
        FaultKind.PARTITION,
        FaultKind.ISOLATE,
        FaultKind.CUT,
        FaultKind.BRIDGE,
        FaultKind.LOSS);
  }

  /** Beacon nodes dial the peers discovery finds, at the addresses those peers advertise. */
  @Override
  public Peering peering() {
    return Peering.DISCOVERED;
  }

  /** {@code slotSeconds} (default 2) and {@code validatorsPerNode} (default 2). */
  @Override
  public Set<String> options() {
    return Set.of(SLOT_SECONDS, VALIDATORS_PER_NODE);
  }

  /** Lodestar 1.5.1 in dev mode, installed by {@code npm ci --prefix tools/lodestar}. */
  @Override
  public Optional<String> defaultCommand() {
    return Optional.of(
        "{here}/../tools/lodestar/lodestar-node --dataDir {dataDir}"
            + " --genesisValidators {genesisValidators} --startValidators {validators}"
            + " --genesisTime {genesisTime} --params.SECONDS_PER_SLOT {slotSeconds}"
            + " --execution.engineMock --eth1=false"
            + " --rest.address {address} --rest.port {rpcPort} --server http://{address}:{rpcPort}"
            + " --port {p2pPort} --listenAddress {address}"
            + " --enr.ip {address} --enr.tcp {p2pPort} --enr.udp {p2pPort}");
  }

  /**
   * {@code {genesisTime}} (seconds since the epoch), {@code {genesisValidators}} (all of them),
   * {@code {validators}} (this node's, as {@code a..b}) and {@code {slotSeconds}}. The first node's
   * record reaches the others in {@code LEDGERLAB_BOOTNODES}.
   */
  @Override
  public Set<String> placeholders() {
    return Set.of("genesisTime", "genesisValidators", "validators", "slotSeconds");
  }

  @Override
  public List<Problem> problems(NetworkFile f) {
    List<Problem> out = new ArrayList<>();
    Map<String, String> options = f.targetOptions == null ? Map.of() : f.targetOptions;
    number(out, options, SLOT_SECONDS, 1, 12);
    number(out, options, VALIDATORS_PER_NODE, 1, 64);
    int count = f.nodes != null ? f.nodes.size() : f.validators == null ? 4 : f.validators;
    if (count > MAX_NODES) {
      out.add(
          new Problem(
              f.nodes != null ? "/nodes" : "/validators",
              "at most " + MAX_NODES + " beacon nodes (each takes ~200 MB)"));
    }
    ForeignManifest.problems(out, f, NAME);
    unsupported(out, f.chainId != null, "/chainId", "chain id (the dev genesis has its own)");
    unsupported(out, f.accounts != null, "/accounts", "funded accounts (it takes no transfers)");
    unsupported(out, f.balance != null, "/balance", "balances (it takes no transfers)");
    unsupported(
        out,
        f.blockInterval != null,
        "/blockInterval",
        "block interval (its slot time is targetOptions.slotSeconds)");
    unsupported(
        out,
        f.links != null,
        "/links",
        "standing link settings (its links take drops and loss, as faults, and nothing else)");
    return out;
  }

  private static void number(
      List<Problem> out, Map<String, String> options, String key, int min, int max) {
    String v = options.get(key);
    if (v == null) {
      return;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    out.add(
        new Problem(
            "/targetOptions/" + key,
            "a whole number from " + min + " to " + max + ", got '" + v + "'"));
  }

  private static void unsupported(List<Problem> out, boolean given, String pointer, String what) {
    ForeignManifest.unsupported(out, NAME, given, pointer, what);
  }

  @Override
  public BeaconChain deploy(Network network, RunLayout run, Entropy keys, long genesisTimeMicros)
      throws IOException {
    Files.createDirectories(run.logs());
    long now = System.currentTimeMillis() / 1000;
    long genesis = Math.max(now, genesisTimeMicros / 1_000_000) + GENESIS_DELAY_SECONDS;
    int slotSeconds = Integer.parseInt(network.targetOptions().getOrDefault(SLOT_SECONDS, "2"));
    int perNode = Integer.parseInt(network.targetOptions().getOrDefault(VALIDATORS_PER_NODE, "2"));
    BeaconChain chain = new BeaconChain(this, network, genesis, slotSeconds, perNode);
    Files.writeString(run.root().resolve("beacon.json"), chain.describe());
    return chain;
  }
}
