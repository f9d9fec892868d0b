package io.ledgerlab.lab.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Validity;
import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.ValidatorSet;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.genesis.Genesis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The final reads of a real run and the checks over them: every honest node's chain fetched over
 * RPC, block by block, with each block's certificate verified against the genesis validators.
 */
final class ChainAudit {
  private static final int ACCOUNTS_PER_BATCH = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One node's chain as read at the end. */
  record NodeView(String node, List<Block> blocks) {
    long height() {
      return blocks.size();
    }
  }

  private final Genesis genesis;
  private final ValidatorSet validators;
  private final Map<String, NodeView> views = new LinkedHashMap<>();
  private final Map<String, String> unreadable = new LinkedHashMap<>();

  ChainAudit(Genesis genesis) {
    this.genesis = genesis;
    this.validators = new ValidatorSet(genesis.validators());
  }

  /** Reads every block of {@code client}'s chain; a node that does not answer is noted. */
  void read(NodeClient client) {
    try {
      long head = client.head().height();
      List<Block> blocks = new ArrayList<>();
      for (long h = 1; h <= head; h++) {
        Optional<Block> b = client.block(h);
        if (b.isEmpty()) {
          break;
        }
        blocks.add(b.get());
      }
      views.put(client.node(), new NodeView(client.node(), blocks));
    } catch (RpcException e) {
      unreadable.put(client.node(), e.getMessage());
    }
  }

  Map<String, String> unreadable() {
    return unreadable;
  }

  /**
   * No two honest nodes hold different blocks at one height; every certificate proves its block.
   */
  CheckResult safety() {
    long max = views.values().stream().mapToLong(NodeView::height).max().orElse(0);
    for (long h = 1; h <= max; h++) {
      Map<Hash, List<String>> byHash = new TreeMap<>();
      for (NodeView v : views.values()) {
        if (v.height() >= h) {
          byHash
              .computeIfAbsent(v.blocks().get((int) h - 1).hash(), k -> new ArrayList<>())
              .add(v.node());
        }
      }
      if (byHash.size() > 1) {
        StringBuilder sb = new StringBuilder("fork at height " + h + ":");
        byHash.forEach(
            (hash, nodes) ->
                sb.append(' ')
                    .append(nodes)
                    .append(" committed ")
                    .append(hash.shortHex())
                    .append(';'));
        sb.append(
            " honest nodes disagree on the chain, so a client of one side was told something the other side denies");
        return CheckResult.invalid("safety", sb.toString());
      }
    }
    for (NodeView v : views.values()) {
      for (int i = 1; i < v.blocks().size(); i++) {
        CommitCertificate cert = v.blocks().get(i).header().lastCommit();
        Block certified = v.blocks().get(i - 1);
        String bad =
            !cert.blockHash().equals(certified.hash())
                ? "certifies " + cert.blockHash().shortHex() + ", not the block below it"
                : cert.invalidReason(genesis.chainId(), validators);
        if (bad != null) {
          return CheckResult.invalid(
              "safety",
              v.node() + " height " + certified.height() + ": its certificate is invalid: " + bad);
        }
      }
    }
    return CheckResult.valid(
        "safety",
        views.size()
            + " honest nodes agree on every block up to height "
            + max
            + "; every certificate verified"
            + (unreadable.isEmpty() ? "" : "; unreadable: " + unreadable.keySet()));
  }

  /** Equal state roots at equal heights. */
  CheckResult stateAgreement() {
    long min = views.values().stream().mapToLong(NodeView::height).min().orElse(0);
    for (long h = 1; h <= min; h++) {
      Set<Hash> roots = new HashSet<>();
      for (NodeView v : views.values()) {
        roots.add(v.blocks().get((int) h - 1).header().stateRoot());
      }
      if (roots.size() > 1) {
        return CheckResult.invalid(
            "state-agreement", "different state roots at height " + h + ": " + roots);
      }
    }
    return CheckResult.valid("state-agreement", "equal state roots at every height up to " + min);
  }

  /** Every transaction a client was told committed is in every honest node's chain. */
  CheckResult durability(Set<Hash> acknowledged) {
    for (NodeView v : views.values()) {
      Set<Hash> txs = new HashSet<>();
      v.blocks().forEach(b -> b.transactions().forEach(t -> txs.add(t.hash())));
      List<Hash> missing = acknowledged.stream().filter(h -> !txs.contains(h)).limit(5).toList();
      if (!missing.isEmpty()) {
        long count = acknowledged.stream().filter(h -> !txs.contains(h)).count();
        return CheckResult.invalid(
            "durability",
            count
                + " acknowledged transactions are missing from "
                + v.node()
                + "'s chain, e.g. "
                + missing.stream().map(Hash::shortHex).toList());
      }
    }
    return CheckResult.valid(
        "durability",
        acknowledged.size()
            + " acknowledged transactions are in all "
            + views.size()
            + " honest chains");
  }

  /** The token supply is what genesis minted, on every honest node; no balance went negative. */
  CheckResult supply(List<NodeClient> honest, List<Address> accounts) {
    long expected = genesis.totalSupply();
    for (NodeClient c : honest) {
      long sum = 0;
      try {
        for (int from = 0; from < accounts.size(); from += ACCOUNTS_PER_BATCH) {
          List<JsonNode> params = new ArrayList<>();
          for (Address a :
              accounts.subList(from, Math.min(accounts.size(), from + ACCOUNTS_PER_BATCH))) {
            params.add(JSON.createObjectNode().put("address", a.hex()));
          }
          for (var r : c.callBatch("account_get", params)) {
            if (r.has("error")) {
              return new CheckResult(
                  "validity",
                  Validity.UNKNOWN,
                  c.node() + ": account_get failed: " + r.path("error").path("message").asText());
            }
            long balance = r.path("balance").asLong();
            if (balance < 0) {
              return CheckResult.invalid(
                  "validity",
                  c.node()
                      + ": account "
                      + r.path("address").asText()
                      + " has a negative balance "
                      + balance);
            }
            sum += balance;
          }
        }
      } catch (RpcException e) {
        return new CheckResult(
            "validity", Validity.UNKNOWN, c.node() + " did not answer: " + e.getMessage());
      }
      if (sum != expected) {
        return CheckResult.invalid(
            "validity",
            c.node()
                + ": the accounts hold "
                + sum
                + " tokens, genesis minted "
                + expected
                + " (a double spend or a lost transfer)");
      }
    }
    return CheckResult.valid(
        "validity", "total supply " + expected + " on all " + honest.size() + " honest nodes");
  }
}
