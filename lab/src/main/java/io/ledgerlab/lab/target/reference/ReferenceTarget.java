package io.ledgerlab.lab.target.reference;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.manifest.NetworkFile;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisWriter;
import io.ledgerlab.runtime.entropy.Entropy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ledgerlab's own reference chain: Ed25519-signed transactions with per-account nonces, the {@code
 * token} and {@code kv} chain code, Tendermint consensus with commit certificates.
 */
public final class ReferenceTarget implements Target {
  public static final String NAME = "reference";

  /** Every check the lab has: the reference chain gives evidence for all of them. */
  private static final Set<String> CHECKS =
      Set.of(
          "safety",
          "state-agreement",
          "liveness",
          "durability",
          "validity",
          "evidence",
          "nodes",
          "versions",
          "replay",
          "observer");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Class<? extends Op>> operations() {
    return Set.of(Op.Transfer.class, Op.Put.class, Op.Delete.class, Op.Get.class, Op.Call.class);
  }

  @Override
  public Set<String> checks() {
    return CHECKS;
  }

  @Override
  public Optional<String> defaultCommand() {
    return Optional.of(Network.Launch.REFERENCE_NODE);
  }

  /** {@code {config}}: the node's config file, which the reference node reads. */
  @Override
  public Set<String> placeholders() {
    return Set.of("config");
  }

  @Override
  public List<Problem> problems(NetworkFile manifest) {
    if (manifest.launch != null
        && manifest.launch.command != null
        && !manifest.launch.command.contains("{config}")) {
      return List.of(new Problem("/launch/command", "a command containing {config}"));
    }
    return List.of();
  }

  /**
   * Writes the run's genesis and keys: every key a keystore under the run's password (see {@link
   * RunKeys}), so no file of the run holds a secret in the clear.
   */
  @Override
  public ReferenceChain deploy(Network network, RunLayout run, Entropy keys, long genesisTimeMicros)
      throws IOException {
    Files.createDirectories(run.logs());
    Entropy validatorEntropy = keys.fork("validators");
    Entropy nodeEntropy = keys.fork("nodes");
    Entropy accountEntropy = keys.fork("accounts");
    GenesisBuilder genesis = GenesisBuilder.chain(network.chainId()).timeMicros(genesisTimeMicros);
    Map<String, KeyPair> validators = new LinkedHashMap<>();
    Map<String, KeyPair> nodeKeys = new LinkedHashMap<>();
    List<KeyPair> accounts = new ArrayList<>();
    List<KeyPair> operators;
    // Keys drawn from a seed are as secret as the seed, which the report prints: their keystores
    // get the cheapest KDF. Keys from the system's secure source keep the run's KDF.
    try (RunKeys stored =
        RunKeys.create(
            run,
            keys instanceof io.ledgerlab.runtime.entropy.SeededEntropy
                ? RunKeys.SEEDED_KDF
                : io.ledgerlab.node.keys.KeystoreFiles.RUN_KDF)) {
      for (Network.NodeSpec n : network.validators()) {
        KeyPair validator = KeyPair.generate(validatorEntropy);
        KeyPair nodeKey = KeyPair.generate(nodeEntropy);
        stored.write(
            validator,
            run.validatorKey(n.name()),
            n.name() + "-validator",
            Role.VALIDATOR,
            "validator key of " + n.name());
        stored.write(
            nodeKey,
            run.nodeKey(n.name()),
            n.name() + "-node",
            Role.NODE,
            "peer-to-peer key of " + n.name());
        validators.put(n.name(), validator);
        nodeKeys.put(n.name(), nodeKey);
        genesis.validator(n.name(), validator.publicKey(), n.power());
      }
      // An observer is outside the validator set: a peer-to-peer key and nothing to sign with.
      // Its keys are drawn after every validator's, so adding observers changes no validator key.
      Entropy observerEntropy = keys.fork("observers");
      for (Network.NodeSpec n : network.observers()) {
        KeyPair nodeKey = KeyPair.generate(observerEntropy);
        stored.write(
            nodeKey,
            run.nodeKey(n.name()),
            n.name() + "-node",
            Role.NODE,
            "peer-to-peer key of observer " + n.name());
        nodeKeys.put(n.name(), nodeKey);
      }
      for (int i = 0; i < network.accounts(); i++) {
        KeyPair account = KeyPair.generate(accountEntropy);
        accounts.add(account);
        genesis.balance(account.address(), network.accountBalance());
      }
      stored.writeAccounts(accounts);
      operators = operators(network.operators(), keys.fork("operators"), run, stored);
    }
    for (Network.ChainCodeJar code : network.chainCode()) {
      Path copy = run.chainCodeJar(code.name(), code.version());
      Files.createDirectories(copy.getParent());
      Files.copy(code.jar(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      String relative =
          run.genesis().toAbsolutePath().getParent().relativize(copy.toAbsolutePath()).toString();
      genesis.chainCode(new Genesis.CodeJar(code.name(), code.version(), relative, code.sha256()));
    }
    for (int i = 0; i < operators.size(); i++) {
      genesis.operator("op" + i, operators.get(i).publicKey());
    }
    genesis.operatorThreshold(network.operators().threshold());
    Genesis built = genesis.build();
    Files.writeString(run.genesis(), GenesisWriter.yaml(built));
    return new ReferenceChain(
        this, built, genesisDir(run), validators, nodeKeys, accounts, operators);
  }

  /**
   * Generates the operator keys and writes each to the run directory as a keystore with the
   * operator role, as the lab holds them.
   */
  private static List<KeyPair> operators(
      Network.Operators spec, Entropy entropy, RunLayout run, RunKeys stored) throws IOException {
    List<KeyPair> out = new ArrayList<>();
    for (int i = 0; i < spec.count(); i++) {
      KeyPair key = KeyPair.generate(entropy);
      stored.write(key, run.operatorKey(i), "op" + i, Role.OPERATOR, "governance operator op" + i);
      out.add(key);
    }
    return out;
  }

  /** The chain a run directory holds: its genesis and keys, as {@link #deploy} wrote them. */
  public ReferenceChain load(RunLayout run) throws IOException {
    Genesis genesis;
    try {
      genesis =
          new io.ledgerlab.ledger.genesis.GenesisParser()
              .parse(run.genesis().toString(), Files.readString(run.genesis()));
    } catch (io.ledgerlab.ledger.genesis.GenesisException e) {
      throw new IOException(e.getMessage(), e);
    }
    Map<String, KeyPair> validators = new LinkedHashMap<>();
    Map<String, KeyPair> nodeKeys = new LinkedHashMap<>();
    List<KeyPair> accounts;
    List<KeyPair> operators = new ArrayList<>();
    try (RunKeys stored = RunKeys.open(run)) {
      for (var v : genesis.validators()) {
        validators.put(v.name(), stored.read(run.validatorKey(v.name())));
        nodeKeys.put(v.name(), stored.read(run.nodeKey(v.name())));
      }
      // Observers are in no genesis: each is a node directory with a peer-to-peer key only.
      for (String observer : observers(run, validators.keySet())) {
        nodeKeys.put(observer, stored.read(run.nodeKey(observer)));
      }
      accounts = stored.readAccounts();
      for (int i = 0; i < genesis.operators().keys().size(); i++) {
        operators.add(stored.read(run.operatorKey(i)));
      }
    }
    return new ReferenceChain(
        this, genesis, genesisDir(run), validators, nodeKeys, accounts, operators);
  }

  /**
   * The observers of a run directory, sorted: the nodes with a peer-to-peer key that the genesis
   * does not name as validators.
   */
  private static List<String> observers(RunLayout run, java.util.Set<String> validators)
      throws IOException {
    Path dir = run.nodeDir("x").getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> nodes = Files.list(dir)) {
      return nodes
          .map(p -> p.getFileName().toString())
          .filter(name -> !validators.contains(name) && Files.isRegularFile(run.nodeKey(name)))
          .sorted()
          .toList();
    }
  }

  /** Where the run's genesis is, which the paths of its chain-code jars are relative to. */
  private static Path genesisDir(RunLayout run) {
    return run.genesis().toAbsolutePath().normalize().getParent();
  }

  /** The genesis time of a network of processes: an hour back, for nodes skewed behind. */
  public static long processGenesisTimeMicros() {
    return (System.currentTimeMillis() / 1_000 - 3_600) * 1_000_000L;
  }
}
