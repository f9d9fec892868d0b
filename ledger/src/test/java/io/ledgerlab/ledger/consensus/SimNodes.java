package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.crypto.Ed25519;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.NodeRuntime;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.LogRecord;
import io.ledgerlab.runtime.log.MemoryEventLog;
import io.ledgerlab.runtime.net.NodeId;
import io.ledgerlab.runtime.sim.LinkFault;
import io.ledgerlab.runtime.sim.LinkModel;
import io.ledgerlab.runtime.sim.SimNetwork;
import io.ledgerlab.runtime.sim.SimScheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Validators {@code n0..} and observers {@code o0..} of one chain in this JVM, on the simulated
 * network with real Ed25519 keys, for consensus tests: each node's disk and events are kept, links
 * can be cut and nodes crashed.
 */
final class SimNodes {
  static final String CHAIN_ID = "sim-chain";
  static final long START_MICROS = 1_767_225_600_000_000L;
  static final LinkModel WIRE = new LinkModel(5_000, 3_000, 0, 0);

  /** How one node is built; the defaults are an honest node of the real software. */
  record Spec(
      String name,
      boolean validator,
      ConsensusConfig config,
      Behaviour behaviour,
      Canary registryCanary,
      String version) {
    Spec with(ConsensusConfig c) {
      return new Spec(name, validator, c, behaviour, registryCanary, version);
    }

    Spec with(Behaviour b) {
      return new Spec(name, validator, config, b, registryCanary, version);
    }

    /** Runs chain code with the canary's bug (such as {@link Canary#MINT}). */
    Spec withCode(Canary canary) {
      return new Spec(name, validator, config, behaviour, canary, version);
    }
  }

  /** One node: its place survives a crash, its object does not. */
  static final class Sim {
    final Spec spec;
    final NodeId id;
    final MemoryDisk disk = new MemoryDisk();
    final List<LogRecord> records = new ArrayList<>();
    ConsensusNode node;

    Sim(Spec spec) {
      this.spec = spec;
      this.id = NodeId.of(spec.name());
    }

    /** The events of {@code name} this node logged, oldest first. */
    List<LogRecord> events(String name) {
      return records.stream().filter(r -> r.event().equals(name)).toList();
    }
  }

  final SimScheduler scheduler = new SimScheduler(START_MICROS);
  final SimNetwork net;
  final List<KeyPair> accounts = new ArrayList<>();
  final Genesis genesis;
  final Map<String, Sim> nodes = new LinkedHashMap<>();
  final Map<String, KeyPair> validatorKeys = new LinkedHashMap<>();
  private final List<NodeId> all;
  private final Coalition coalition;

  SimNodes(long seed, List<Spec> specs) {
    Ed25519.cacheVerifications(1 << 16);
    net = new SimNetwork(scheduler, seed, WIRE);
    SeededEntropy entropy = SeededEntropy.of(seed);
    GenesisBuilder genesisBuilder = GenesisBuilder.chain(CHAIN_ID).timeMicros(START_MICROS);
    for (Spec s : specs) {
      if (s.validator()) {
        KeyPair key = KeyPair.generate(entropy.fork("validator/" + s.name()));
        validatorKeys.put(s.name(), key);
        genesisBuilder.validator(s.name(), key.publicKey(), 1);
      }
    }
    var accountKeys = entropy.fork("accounts");
    for (int i = 0; i < 4; i++) {
      KeyPair key = KeyPair.generate(accountKeys);
      accounts.add(key);
      genesisBuilder.balance(key.address(), 1_000_000);
    }
    genesis = genesisBuilder.build();
    for (Spec s : specs) {
      Sim sim = new Sim(s);
      nodes.put(s.name(), sim);
      net.add(sim.id);
    }
    all = nodes.values().stream().map(n -> n.id).toList();
    coalition =
        new Coalition(
            nodes.values().stream()
                .filter(n -> n.spec.behaviour().isByzantine())
                .map(n -> n.id)
                .collect(java.util.stream.Collectors.toSet()),
            all);
    for (Sim sim : nodes.values()) {
      boot(sim, all, coalition);
    }
  }

  static Spec validator(String name) {
    return new Spec(name, true, fast(), Behaviour.HONEST, Canary.NONE, "v1");
  }

  static Spec observer(String name) {
    return new Spec(name, false, fast(), Behaviour.HONEST, Canary.NONE, "v1");
  }

  /** Short timeouts, so a test covers many heights in few simulated seconds. */
  static ConsensusConfig fast() {
    return ConsensusConfig.DEFAULT.withTimeoutCommitMicros(200_000);
  }

  private void boot(Sim sim, List<NodeId> all, Coalition coalition) {
    MemoryEventLog log =
        new MemoryEventLog(
            sim.spec.name(),
            net.clock(sim.id),
            sim.records,
            1_000_000,
            io.ledgerlab.runtime.log.EventLog.Level.DEBUG);
    NodeRuntime runtime =
        new NodeRuntime(
            net.clock(sim.id),
            net.timers(sim.id),
            net.transport(sim.id),
            sim.disk,
            net.entropy(sim.id),
            log);
    Ledger ledger;
    try {
      ledger = Ledger.open(sim.disk, genesis, ChainCodes.registry(sim.spec.registryCanary()));
    } catch (GenesisException e) {
      throw new AssertionError(e);
    }
    List<NodeId> peers = new ArrayList<>(all);
    peers.remove(sim.id);
    sim.node =
        new ConsensusNode(
            sim.id,
            runtime,
            ledger,
            validatorKeys.get(sim.spec.name()),
            peers,
            sim.spec.config(),
            ByzantineOutbox.factory(
                sim.spec.behaviour(), coalition, net.entropy(sim.id).fork("byzantine")),
            ConsensusNode.Listener.NONE,
            sim.spec.version());
    sim.node.start();
  }

  Sim get(String name) {
    return nodes.get(name);
  }

  ConsensusNode node(String name) {
    return nodes.get(name).node;
  }

  /** Cuts both directions between every node of {@code a} and every node of {@code b}. */
  void cut(List<String> a, List<String> b) {
    for (String x : a) {
      for (String y : b) {
        block(x, y);
        block(y, x);
      }
    }
  }

  /** Mends both directions between every node of {@code a} and every node of {@code b}. */
  void heal(List<String> a, List<String> b) {
    for (String x : a) {
      for (String y : b) {
        net.setFault(NodeId.of(x), NodeId.of(y), LinkFault.NONE);
        net.setFault(NodeId.of(y), NodeId.of(x), LinkFault.NONE);
      }
    }
  }

  /** Cuts the link {@code from → to} only. */
  void block(String from, String to) {
    net.setFault(NodeId.of(from), NodeId.of(to), new LinkFault(true, false, 0, 0, 0, 0));
  }

  /** Kills a node: its memory and timers are gone. */
  void crash(String name) {
    Sim s = nodes.get(name);
    net.crash(s.id);
    s.node.stop();
  }

  /** Brings a crashed node back over its disk: a fresh node object, as after a process restart. */
  void restart(String name) {
    Sim s = nodes.get(name);
    net.restart(s.id);
    boot(s, all, coalition);
  }

  void runFor(long micros) {
    scheduler.runFor(micros);
  }

  /** Runs until {@code condition} holds, at most {@code micros} of simulated time. */
  boolean runUntil(BooleanSupplier condition, long micros) {
    long end = scheduler.nowMicros() + micros;
    while (scheduler.nowMicros() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      scheduler.runFor(50_000);
    }
    return condition.getAsBoolean();
  }

  Transaction transfer(int from, int to, long nonce, long amount) {
    return Transaction.sign(
        CHAIN_ID,
        accounts.get(from),
        nonce,
        new Payload.Transfer(accounts.get(to).address(), amount));
  }

  /** The block at {@code height} on {@code name}'s chain. */
  Optional<Block> block(String name, long height) {
    return node(name).ledger().block(height);
  }
}
