package io.ledgerlab.cli;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.cli.chaincode.Tally;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisWriter;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.RocksDisk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A reference node's stored chain on real RocksDB, laid out as a run directory ({@code
 * genesis.yaml}, {@code chaincode/}, {@code nodes/n0/data}): three blocks of transfers and calls to
 * {@code tally} v1 from a jar — the add of 25 in block 2 is what a capped v2 answers otherwise.
 */
final class StoredChains {
  final RunLayout run;
  final Genesis genesis;
  final KeyPair validator;
  final List<KeyPair> accounts = new ArrayList<>();
  final List<List<Transaction>> blocks = new ArrayList<>();
  Transaction bigAdd;

  private StoredChains(RunLayout run, Genesis genesis, KeyPair validator, List<KeyPair> accounts) {
    this.run = run;
    this.genesis = genesis;
    this.validator = validator;
    this.accounts.addAll(accounts);
  }

  /** Packs {@code main} and the classes it extends into a chain-code jar. */
  static Path jar(Path jar, Class<? extends ChainCode> main, Class<?>... others) throws Exception {
    Files.createDirectories(jar.getParent());
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(file)) {
      zip.putNextEntry(new JarEntry("META-INF/services/" + ChainCode.class.getName()));
      zip.write((main.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      List<Class<?>> classes = new ArrayList<>(List.of(others));
      classes.add(0, main);
      for (Class<?> c : classes) {
        String entry = c.getName().replace('.', '/') + ".class";
        zip.putNextEntry(new JarEntry(entry));
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(zip);
        }
      }
    }
    return jar;
  }

  /** The chain in a new run directory {@code root}, written by a node running {@code canary}. */
  static StoredChains write(Path root, Canary canary) throws Exception {
    RunLayout run = new RunLayout(root);
    Path jar = jar(run.chainCodeJar("tally", 1), Tally.class);
    SeededEntropy keys = SeededEntropy.of(5);
    KeyPair validator = KeyPair.generate(keys.fork("validator"));
    List<KeyPair> accounts = new ArrayList<>();
    GenesisBuilder b =
        GenesisBuilder.chain("stored")
            .timeMicros(1_000_000)
            .validator("n0", validator.publicKey(), 1);
    for (int i = 0; i < 3; i++) {
      KeyPair k = KeyPair.generate(keys.fork("account" + i));
      accounts.add(k);
      b.balance(k.address(), 1_000);
    }
    b.chainCode(new Genesis.CodeJar("tally", 1, "chaincode/tally-1.jar", Sandbox.sha256Hex(jar)));
    Genesis genesis = b.build();
    Files.writeString(run.genesis(), GenesisWriter.yaml(genesis));
    StoredChains c = new StoredChains(run, genesis, validator, accounts);
    try (RocksDisk disk = RocksDisk.open(run.data("n0"))) {
      Ledger ledger = Ledger.open(disk, genesis, ChainCodes.registry(canary, genesis, run.root()));
      c.block(ledger, c.transfer(0, 1, 0, 10), c.add(1, 0, 1));
      c.block(ledger, c.add(2, 0, 2), c.bigAdd = c.add(0, 1, 25));
      c.block(ledger, c.transfer(1, 2, 1, 5), c.add(2, 1, 3));
    }
    return c;
  }

  private void block(Ledger ledger, Transaction... txs) {
    var executed =
        ledger
            .executor()
            .propose(
                ledger.chainId(),
                ledger.head(),
                List.of(txs),
                genesis.genesisTimeMicros() + (ledger.height() + 1) * 1_000_000L,
                validator.address(),
                CommitCertificate.EMPTY);
    if (!executed.dropped().isEmpty()) {
      throw new AssertionError("dropped: " + executed.dropped());
    }
    ledger.commit(executed);
    blocks.add(List.of(txs));
  }

  private Transaction transfer(int from, int to, long nonce, long amount) {
    return Transaction.sign(
        genesis.chainId(),
        accounts.get(from),
        nonce,
        new Payload.Transfer(accounts.get(to).address(), amount));
  }

  private Transaction add(int from, long nonce, long by) {
    return Transaction.sign(
        genesis.chainId(),
        accounts.get(from),
        nonce,
        new Payload.Call("tally", 1, "add", Args.writer().u64(by).toBytes()));
  }
}
