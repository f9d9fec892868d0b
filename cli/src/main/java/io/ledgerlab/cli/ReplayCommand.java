package io.ledgerlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.Event;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.replay.ChainReplay;
import io.ledgerlab.ledger.replay.Divergence;
import io.ledgerlab.ledger.replay.ReplayReport;
import io.ledgerlab.ledger.replay.StateDifference;
import io.ledgerlab.ledger.replay.Substitution;
import io.ledgerlab.ledger.replay.Values;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.sandbox.SandboxException;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.state.StateKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerlab replay <run-dir|data-dir> --with <jar>...}: re-executes a node's stored chain
 * from genesis with the code it ran and, side by side, with new chain-code jars standing in for the
 * chain code of their names; VALID when every receipt and state root agree, INVALID at the first
 * transaction that parts.
 */
@Command(
    name = "replay",
    description = {
      "Replay a node's whole stored chain from genesis under new chain code: every block is"
          + " executed with the code the chain ran and, side by side, with each --with jar standing"
          + " in for the chain code of its name (at every version the chain ran). VALID (exit 0)"
          + " when every receipt and state root agree; INVALID (exit 1) names the first block,"
          + " transaction, both receipts and the first state key that differ; exit 6 when the"
          + " stored chain does not replay under its own code; exit 2 for bad input. The node's"
          + " data is opened read-only. Pace on standard error.",
    },
    mixinStandardHelpOptions = true)
final class ReplayCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description =
          "A run directory (one node's data: see --node) or a node's data directory (RocksDB).")
  Path dir;

  @Option(
      names = "--with",
      required = true,
      arity = "1..*",
      paramLabel = "JAR",
      description = "A chain-code jar to stand in for the chain code of its name; repeatable.")
  List<Path> with;

  @Option(
      names = "--node",
      paramLabel = "NODE",
      description = "In a run directory, the node whose chain to replay. Default: the first.")
  String node;

  @Option(
      names = "--genesis",
      paramLabel = "FILE",
      description =
          "The chain's genesis. Default: the run's genesis.yaml (needed for a data directory"
              + " outside a run).")
  Path genesis;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReplayReport report;
    try (StoredChain stored = StoredChain.open(dir, node, genesis)) {
      ChainCodeRegistry own = stored.registry();
      Substitution substitution = Substitution.of(own, replacements());
      err.println(
          "replaying "
              + stored.dataDir
              + ": chain "
              + stored.genesis.chainId()
              + ", head "
              + stored.head.height()
              + ", genesis "
              + stored.genesisFile);
      ReplayProgress progress = new ReplayProgress(err);
      // The jars governance installed, where the node keeps them: its code directory.
      io.ledgerlab.ledger.chaincode.CodeSource installed =
          io.ledgerlab.node.code.CodeDir.open(stored.dataDir.resolveSibling("code"), p -> {});
      report =
          new ChainReplay(stored.genesis, own, installed, substitution)
              .run(stored.blocks(), progress);
      progress.done();
    } catch (IllegalArgumentException e) {
      err.println("ledgerlab replay: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (IOException | CorruptStateException e) {
      err.println("ledgerlab replay: the stored chain cannot be read: " + e.getMessage());
      return ExitCode.STORED_CHAIN_INVALID;
    }
    if (json) {
      out.println(json(report));
    } else {
      report.lines().forEach(out::println);
    }
    return switch (report.verdict()) {
      case VALID -> ExitCode.OK;
      case INVALID -> ExitCode.CHECK_FAILED;
      case STORED_CHAIN_INVALID -> ExitCode.STORED_CHAIN_INVALID;
    };
  }

  /** The --with jars, each loaded through the node's sandbox; a bad one is bad input. */
  private List<ChainCode> replacements() throws IOException {
    List<ChainCode> out = new ArrayList<>();
    for (Path jar : with) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("--with " + jar + ": no such file");
      }
      try {
        out.add(Sandbox.load(jar, Sandbox.sha256Hex(jar)));
      } catch (SandboxException e) {
        throw new IllegalArgumentException("--with " + jar + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  static String json(ReplayReport r) throws JsonProcessingException {
    ObjectNode root = JSON.createObjectNode();
    root.put("verdict", r.verdict().name());
    root.put("chainId", r.chainId());
    root.put("head", r.head());
    root.put("blocksAgreed", r.blocks());
    root.put("transactionsAgreed", r.transactions());
    root.put("stateRoot", r.stateRoot().hex());
    ArrayNode replaced = root.putArray("replaced");
    for (Substitution.Replaced x : r.replaced()) {
      ObjectNode n = replaced.addObject();
      n.put("chainCode", x.name());
      n.put("version", x.version());
      x.versions().forEach(n.putArray("standsInFor")::add);
    }
    root.put("summary", r.headline());
    Divergence d = r.divergence();
    if (d == null) {
      root.putNull("divergence");
    } else {
      boolean ofReplacement = r.verdict() == ReplayReport.Verdict.INVALID;
      ObjectNode n = root.putObject("divergence");
      n.put("height", d.height());
      if (d.txIndex() >= 0) {
        n.put("txIndex", d.txIndex());
      } else {
        n.putNull("txIndex");
      }
      n.put("tx", d.txHash() == null ? null : d.txHash().hex());
      n.put("reason", d.reason());
      n.put("reference", ofReplacement ? "chain code" : "stored chain");
      n.put("candidate", ofReplacement ? "replacement" : "chain code");
      ObjectNode receipts = n.putObject("receipts");
      receipt(receipts, "reference", d.reference());
      receipt(receipts, "candidate", d.candidate());
      StateDifference s = d.state();
      if (s == null) {
        n.putNull("state");
      } else {
        ObjectNode state = n.putObject("state");
        StateKey key = s.decoded();
        state.put("key", key.describe());
        state.put("keyHex", Hex.encode(s.key()));
        value(state, "before", key, s.before());
        value(state, "reference", key, s.reference());
        value(state, "candidate", key, s.candidate());
      }
    }
    return JSON.writeValueAsString(root);
  }

  private static void receipt(ObjectNode parent, String field, Receipt r) {
    if (r == null) {
      parent.putNull(field);
      return;
    }
    ObjectNode n = parent.putObject(field);
    n.put("ok", r.ok());
    n.put("code", r.errorCode());
    n.put("message", r.message());
    n.put("resultHex", Hex.encode(r.result()));
    ArrayNode events = n.putArray("events");
    for (Event e : r.events()) {
      events.add(e.type());
    }
    n.put("text", Values.describe(r));
  }

  private static void value(ObjectNode parent, String field, StateKey key, byte[] v) {
    if (v == null) {
      parent.putNull(field);
      return;
    }
    ObjectNode n = parent.putObject(field);
    n.put("hex", Hex.encode(v));
    n.put("text", Values.describe(key, v));
  }
}
