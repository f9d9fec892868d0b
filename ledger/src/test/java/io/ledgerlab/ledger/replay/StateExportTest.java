package io.ledgerlab.ledger.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.exec.GenesisState;
import io.ledgerlab.ledger.exec.Versions;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.genesis.GenesisParser;
import io.ledgerlab.ledger.genesis.GenesisWriter;
import io.ledgerlab.ledger.node.DevChain;
import io.ledgerlab.ledger.replay.samples.CounterOne;
import io.ledgerlab.ledger.replay.samples.CounterTwoCompatible;
import io.ledgerlab.ledger.state.StateAudit;
import io.ledgerlab.ledger.state.StateStore;
import io.ledgerlab.ledger.state.WriteSet;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.NodeRuntime;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.disk.WriteBatch;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.net.NoTransport;
import io.ledgerlab.runtime.sim.SimScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A chain's state at a height as a genesis file: it reads back to the same genesis, a new chain
 * started from it has the exported state root and goes on with the accounts' nonces, and a file
 * changed after the export is refused at the line and column of what is wrong.
 */
class StateExportTest {
  @TempDir Path dir;
  private final GenesisParser parser = new GenesisParser();

  /** The counter chain with counter v2 scheduled far ahead: an upgrade still pending at export. */
  private CounterChain chain() throws Exception {
    Genesis.CodeJar two = CounterChain.jar(dir, CounterTwoCompatible.class, 2);
    return CounterChain.build(dir, b -> b.upgrade(two, 100), Canary.NONE);
  }

  private Genesis export(CounterChain c) throws Exception {
    return StateExport.genesis(
        c.genesis,
        c.ledger.head(),
        c.ledger.state(),
        new StateExport.Options("next-chain", List.of(), UnaryOperator.identity()));
  }

  @Test
  void anExportAtTheHeadStartsANewChainWithTheSameStateRootAndNonces() throws Exception {
    CounterChain c = chain();
    Genesis exported = export(c);
    String yaml = GenesisWriter.yaml(exported);
    Genesis read = parser.parse("exported.yaml", yaml);
    assertThat(read).isEqualTo(exported);
    assertThat(read.hash()).isEqualTo(exported.hash()).isNotEqualTo(c.genesis.hash());
    assertThat(read.chainId()).isEqualTo("next-chain");
    assertThat(read.validators()).isEqualTo(c.genesis.validators());
    assertThat(read.snapshot().fromChainId()).isEqualTo("test-chain");
    assertThat(read.snapshot().fromHeight()).isEqualTo(4);
    assertThat(read.snapshot().fromBlockHash()).isEqualTo(c.ledger.head().blockHash());
    assertThat(read.upgrades()).containsExactly(new Genesis.ScheduledUpgrade("counter", 2, 100));
    assertThat(read.jars()).hasSize(2);
    assertThat(yaml)
        .contains("nonce: 2")
        .contains("key: greeting")
        .contains("value: hello")
        .contains("key: binary")
        .contains("valueHex: '0102'")
        .contains("key: supply");

    Ledger next = Ledger.open(new MemoryDisk(), read, ChainCodes.registry(Canary.NONE, read, dir));
    assertThat(next.head().stateRoot())
        .isEqualTo(c.ledger.head().stateRoot())
        .isEqualTo(GenesisState.root(read))
        .isEqualTo(StateAudit.recomputeRoot(next.state()));
    assertThat(next.recordedSupply()).isEqualTo(c.ledger.recordedSupply()).isEqualTo(4_000);
    assertThat(Versions.inForce(next.state(), "counter")).isEqualTo(1);
    assertThat(next.query("counter", "get", new byte[0]).result())
        .isEqualTo(Args.writer().u64(1 + 2 + 25 + 3).toBytes());

    // The accounts go on from their nonces: account 0 sent 3 transactions on the old chain.
    SimScheduler sim = new SimScheduler(c.ledger.head().timeMicros() + 1);
    MemoryDisk disk = new MemoryDisk();
    Ledger continued = Ledger.open(disk, read, ChainCodes.registry(Canary.NONE, read, dir));
    DevChain dev =
        new DevChain(
            new NodeRuntime(sim, sim, new NoTransport(), disk, SeededEntropy.of(1), EventLog.NONE),
            continued,
            c.chain.validator,
            DevChain.Config.DEFAULT,
            (b, e, m) -> {});
    var from = c.chain.accounts.get(0);
    var to = c.chain.accounts.get(1).address();
    Transaction replayed = Transaction.sign("next-chain", from, 2, new Payload.Transfer(to, 1));
    Transaction next3 = Transaction.sign("next-chain", from, 3, new Payload.Transfer(to, 1));
    assertThat(dev.submit(replayed).reason()).isEqualTo(RejectReason.BAD_NONCE);
    assertThat(dev.submit(next3).isOk()).isTrue();
    assertThat(dev.produceBlock().block().transactions()).containsExactly(next3);
    assertThat(continued.account(from.address()).nonce()).isEqualTo(4);
  }

  @Test
  void anExportAtAPastHeightReplaysTheChainToIt() throws Exception {
    CounterChain c = chain();
    ChainReplay.Replayed at2 =
        new ChainReplay(c.genesis, c.registry(), null)
            .replayTo(c.source(), 2, ChainReplay.Progress.NONE);
    Genesis exported =
        StateExport.genesis(c.genesis, at2.head(), at2.state(), StateExport.Options.KEEP);
    Block block2 = c.ledger.block(2).orElseThrow();
    assertThat(GenesisState.root(exported)).isEqualTo(block2.header().stateRoot());
    assertThat(exported.snapshot().fromHeight()).isEqualTo(2);
    assertThat(exported.snapshot().fromBlockHash()).isEqualTo(block2.hash());
    assertThat(exported.genesisTimeMicros()).isEqualTo(block2.header().timeMicros());
    assertThat(exported.chainId()).isEqualTo("test-chain");
    Genesis read = parser.parse("at-2.yaml", GenesisWriter.yaml(exported));
    assertThat(read).isEqualTo(exported);
  }

  /** The line number of the first line of {@code text} containing {@code fragment}, from 1. */
  private static int lineOf(String text, String fragment) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(fragment)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + fragment);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a hex digit turned to z  | 'fromBlockHash: '  | 'fromBlockHash: z'  | fromBlockHash"
            + "   | state.fromBlockHash: expected a block hash",
        "text that is not text    | 'key: greeting'    | 'key: two words'   | key"
            + "             | state.data.1.key: expected text of a letter",
        "an odd hex value         | 'valueHex: ''0102''' | 'valueHex: ''010''' | valueHex"
            + "      | state.data.0.valueHex: expected an even number of hex digits",
        "key and keyHex both      | 'key: binary'      | 'keyHex: ''00''\n    key: binary' | keyHex"
            + " | state.data.0.keyHex: expected only one of 'key' (text) or 'keyHex', not both",
        "a nonce below zero       | 'nonce: 2'         | 'nonce: -2'        | nonce"
            + "           | accounts.0.nonce: expected a nonce >= 0",
        "a source id with a space | 'fromChainId: test-chain' | 'fromChainId: a b' | fromChainId"
            + " | state.fromChainId: expected 1-64 letters",
        "a height below zero      | 'fromHeight: 4'    | 'fromHeight: -1'   | fromHeight"
            + "      | state.fromHeight: expected a height >= 0, got -1",
        "a root that is not hex   | '  root: '         | '  root: x'        | root"
            + "            | state.root: expected a state root: 64 lower-case hex characters",
        "an upper-case chain code | '  - chainCode: counter\n    key: count' | '  - chainCode:"
            + " Counter\n    key: count' | chainCode | state.data.3.chainCode: expected a lower-case"
            + " chain-code name, got 'Counter'",
      })
  void aCorruptedExportIsRefusedAtItsLineAndColumn(
      String what, String from, String to, String key, String message) throws Exception {
    String yaml = GenesisWriter.yaml(export(chain()));
    String broken =
        yaml.replaceFirst(
            java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    assertThat(broken).as("the edit applies").isNotEqualTo(yaml);
    int line = lineOf(broken, to.split("\n")[0]);
    int column = broken.split("\n", -1)[line - 1].indexOf(key) + 1;
    assertThatThrownBy(() -> parser.parse("exported.yaml", broken))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("exported.yaml:" + line + ":" + column + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void anEntryWithoutAKeyOrWithAnOversizedOneIsRefusedAtIt() throws Exception {
    String yaml = GenesisWriter.yaml(export(chain()));
    String keyless = yaml.replaceFirst("    key: supply\n", "");
    int line = lineOf(keyless, "  - chainCode: token");
    assertThatThrownBy(() -> parser.parse("exported.yaml", keyless))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith(
            "exported.yaml:" + line + ":5: state.data.2: expected one of 'key'");
    String oversized = yaml.replaceFirst("key: binary", "keyHex: '" + "00".repeat(257) + "'");
    int at = lineOf(oversized, "keyHex: '00");
    assertThatThrownBy(() -> parser.parse("exported.yaml", oversized))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("exported.yaml:" + at + ":5: state.data.0.keyHex")
        .hasMessageContaining("expected at most 256 bytes, got 257");
  }

  @Test
  void aMissingRequiredKeyOfTheStateSectionIsNamedNotACrash() throws Exception {
    String yaml = GenesisWriter.yaml(export(chain()));
    for (String[] c :
        new String[][] {
          {"  fromChainId: test-chain\n", "state.fromChainId: expected 1-64 letters"},
          {"  fromHeight: 4\n", "state.fromHeight: expected a height >= 0, got null"},
          {"  - chainCode: counter\n    key: count", "expected a lower-case chain-code name"},
        }) {
      String broken =
          c[0].startsWith("  - chainCode")
              ? yaml.replaceFirst(java.util.regex.Pattern.quote(c[0]), "  - key: count")
              : yaml.replaceFirst(java.util.regex.Pattern.quote(c[0]), "");
      assertThat(broken).as("the edit applies: %s", c[0]).isNotEqualTo(yaml);
      assertThatThrownBy(() -> parser.parse("exported.yaml", broken))
          .as(c[0])
          .isInstanceOf(GenesisException.class)
          .hasMessageStartingWith("exported.yaml:")
          .hasMessageContaining(c[1]);
    }
  }

  @Test
  void aBalanceChangedAfterTheExportIsRefusedAtTheRoot() throws Exception {
    String yaml = GenesisWriter.yaml(export(chain()));
    String broken = yaml.replaceFirst("balance: 1001", "balance: 1002");
    assertThat(broken).isNotEqualTo(yaml);
    int line = lineOf(broken, "  root: ");
    assertThatThrownBy(() -> parser.parse("exported.yaml", broken))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith(
            "exported.yaml:" + line + ":3: state.root: the state this file describes has root")
        .hasMessageContaining("an entry was changed, added or removed since the export");
  }

  @Test
  void aDuplicateEntryOrANonceWithoutAStateSectionIsRefused() throws Exception {
    String yaml = GenesisWriter.yaml(export(chain()));
    String data = "  - chainCode: counter\n    key: count\n";
    int at = yaml.indexOf(data);
    assertThat(at).isPositive();
    int next = yaml.indexOf("\n  - ", at + 1);
    String entry = yaml.substring(at, next < 0 ? yaml.length() : next + 1);
    String twice = yaml.substring(0, at) + entry + entry + yaml.substring(at + entry.length());
    assertThatThrownBy(() -> parser.parse("exported.yaml", twice))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("a second entry for chain code counter key 0x636f756e74");
    String fresh = yaml.substring(0, yaml.indexOf("state:\n"));
    int line = lineOf(fresh, "nonce:");
    assertThatThrownBy(() -> parser.parse("fresh.yaml", fresh))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("fresh.yaml:" + line + ":3: accounts.0.nonce: no nonce here")
        .hasMessageContaining(
            "only a genesis with a state section (an exported state) carries nonces");
  }

  @Test
  void textThatAYamlReaderCouldReadAsAnotherTypeReadsBackAsTheSameBytes() throws Exception {
    List<Genesis.DataEntry> data = new ArrayList<>();
    for (String text :
        List.of(
            "true",
            "null",
            "yes",
            "No",
            "on",
            "OFF",
            "y",
            "n",
            "NaN",
            "Infinity",
            "e5",
            "x.y/z-1")) {
      byte[] b = text.getBytes(StandardCharsets.US_ASCII);
      data.add(new Genesis.DataEntry("kv", Bytes.of(b), Bytes.of(b)));
    }
    Genesis base = chain().genesis;
    Genesis draft = withSnapshot(base, data, Hash.ZERO);
    Genesis exact = withSnapshot(base, data, GenesisState.root(draft));
    String yaml = GenesisWriter.yaml(exact);
    assertThat(yaml).contains("key: x.y/z-1");
    assertThat(parser.parse("tricky.yaml", yaml)).isEqualTo(exact);
  }

  @Test
  void theStateSectionIsPartOfTheGenesisHash() throws Exception {
    Genesis base = chain().genesis;
    byte[] k = "k".getBytes(StandardCharsets.US_ASCII);
    Genesis one =
        withSnapshot(
            base, List.of(new Genesis.DataEntry("kv", Bytes.of(k), Bytes.of(k))), Hash.ZERO);
    Genesis other =
        withSnapshot(
            base,
            List.of(new Genesis.DataEntry("kv", Bytes.of(k), Bytes.of(new byte[1]))),
            Hash.ZERO);
    assertThat(one.hash()).isNotEqualTo(base.hash()).isNotEqualTo(other.hash());
  }

  private static Genesis withSnapshot(Genesis g, List<Genesis.DataEntry> data, Hash root) {
    return new Genesis(
        g.chainId(),
        g.genesisTimeMicros(),
        g.validators(),
        g.balances(),
        g.chainCodes(),
        g.upgrades(),
        g.params(),
        g.jars(),
        g.operators(),
        new Genesis.Snapshot("source", 9, Hash.ZERO, root, new TreeMap<>(), data, List.of()));
  }

  @Test
  void keysOfASpaceThisVersionDoesNotKnowAreExportedRawAndExactly() throws Exception {
    CounterChain c = chain();
    // The chain's state plus a record of a space a later version might add (0x05).
    WriteSet writes = new WriteSet();
    for (var e : c.ledger.state().scan(null, null, 100_000)) {
      writes.put(e.getKey().toArray(), e.getValue());
    }
    byte[] later = {0x05, 'n'};
    writes.put(later, new byte[] {0, 0, 0, 0, 0, 0, 0, 3});
    MemoryDisk disk = new MemoryDisk();
    StateStore store = new StateStore(disk);
    StateStore.Staged staged = store.stage(writes);
    WriteBatch batch = new WriteBatch();
    staged.addTo(batch);
    disk.write(batch);
    store.committed(staged);
    ChainHead head = c.ledger.head();
    ChainHead at =
        new ChainHead(
            head.height(), head.blockHash(), staged.root(), head.timeMicros(), head.genesisHash());

    Genesis exported = StateExport.genesis(c.genesis, at, store, StateExport.Options.KEEP);
    assertThat(exported.snapshot().raw())
        .containsExactly(
            new Genesis.RawEntry(Bytes.of(later), Bytes.of(new byte[] {0, 0, 0, 0, 0, 0, 0, 3})));
    String yaml = GenesisWriter.yaml(exported);
    assertThat(yaml).contains("keyHex: 056e").contains("0000000000000003");
    Genesis read = parser.parse("raw.yaml", yaml);
    assertThat(read).isEqualTo(exported);
    assertThat(GenesisState.root(read)).isEqualTo(staged.root());
  }

  @Test
  void aRawKeyOfAKnownSpaceIsRefusedForItsOwnSection() throws Exception {
    String yaml = GenesisWriter.yaml(export(chain()));
    String account = "01" + "ab".repeat(20);
    String broken = yaml + "  raw:\n  - keyHex: '" + account + "'\n    valueHex: '00'\n";
    int line = lineOf(broken, "keyHex: '01");
    assertThatThrownBy(() -> parser.parse("exported.yaml", broken))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("exported.yaml:" + line + ":5: state.raw.0.keyHex: ")
        .hasMessageContaining(
            "this is the account " + "ab".repeat(20) + ", which belongs in its own section");
  }

  @Test
  void aCounterKeyIsExportedAsTextAndItsValueAsHex() throws Exception {
    Genesis exported = export(chain());
    assertThat(exported.snapshot().data())
        .contains(
            new Genesis.DataEntry(
                "counter",
                Bytes.of(CounterOne.countKey()),
                Bytes.of(Args.writer().u64(31).toBytes())));
  }
}
