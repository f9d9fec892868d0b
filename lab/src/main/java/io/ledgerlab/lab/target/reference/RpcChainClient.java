package io.ledgerlab.lab.target.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Head;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.StateAudit;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.lab.target.Supply;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A reference node process over JSON-RPC. */
final class RpcChainClient implements ReferenceClient {
  private static final int ACCOUNTS_PER_BATCH = 100;

  /** Blocks whose transactions one call reads; more blocks than that count as moved. */
  private static final int BLOCKS_PER_CALL = 100;

  private static final int SUPPLY_ATTEMPTS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeClient rpc;
  private final ReferenceChain chain;

  RpcChainClient(NodeClient rpc, ReferenceChain chain) {
    this.rpc = rpc;
    this.chain = chain;
  }

  @Override
  public String node() {
    return rpc.node();
  }

  @Override
  public List<Submitted> submit(List<SignedTx> txs) throws ClientException {
    List<Transaction> out = new ArrayList<>(txs.size());
    txs.forEach(t -> out.add(((ReferenceTx) t).tx()));
    try {
      List<NodeClient.Submitted> answers = rpc.submitAll(out);
      List<Submitted> result = new ArrayList<>(answers.size());
      for (int i = 0; i < answers.size(); i++) {
        NodeClient.Submitted a = answers.get(i);
        result.add(new Submitted(txs.get(i).id(), a.accepted(), a.reason(), a.detail()));
      }
      return result;
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  @Override
  public Head head() throws ClientException {
    try {
      NodeClient.Head h = rpc.head();
      return new Head(h.height(), h.hash().hex());
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  @Override
  public List<List<String>> blockTxIds(long from, int max) throws ClientException {
    try {
      List<List<String>> out = new ArrayList<>();
      for (List<Hash> block : rpc.blockTxs(from, max)) {
        out.add(block.stream().map(Hash::hex).toList());
      }
      return out;
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  @Override
  public boolean read(Op.Get get) throws ClientException {
    try {
      rpc.query(KvChainCode.NAME, "get", KvChainCode.keyArgs(get.key()));
      return true;
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  @Override
  public List<BlockView> readChain() throws ClientException {
    try {
      long head = rpc.head().height();
      List<Block> blocks = new ArrayList<>();
      Optional<CommitCertificate> headCertificate = Optional.empty();
      for (long h = 1; h <= head; h++) {
        Optional<NodeClient.CertifiedBlock> b = rpc.certifiedBlock(h);
        if (b.isEmpty()) {
          break;
        }
        blocks.add(b.get().block());
        headCertificate = b.get().certificate();
      }
      return Views.of(blocks, headCertificate, chain.genesis());
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  @Override
  public StateAudit stateAudit() throws ClientException {
    try {
      NodeClient.StateRoots r = rpc.stateAudit();
      return new StateAudit(r.height(), r.head().hex(), r.rebuilt().hex());
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  /**
   * The balances are read in batches, so a block committed between two batches could move tokens
   * from an account already read to one not yet read: the read counts only when no block with a
   * transaction was committed across it (empty blocks, which a quiet chain keeps making, move
   * nothing).
   */
  @Override
  public Supply supply() throws ClientException {
    for (int attempt = 0; attempt < SUPPLY_ATTEMPTS; attempt++) {
      long before = head().height();
      Supply s = readSupply();
      long after = head().height();
      if (after == before || onlyEmptyBlocks(before + 1, after)) {
        return s;
      }
    }
    throw new ClientException(
        node(),
        "the chain kept growing while its balances were read " + SUPPLY_ATTEMPTS + " times");
  }

  /** Whether the blocks {@code from..to} hold no transaction. */
  private boolean onlyEmptyBlocks(long from, long to) throws ClientException {
    try {
      List<List<io.ledgerlab.ledger.crypto.Hash>> txs =
          rpc.blockTxs(from, (int) Math.min(to - from + 1, BLOCKS_PER_CALL));
      return txs.size() == to - from + 1 && txs.stream().allMatch(List::isEmpty);
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  private Supply readSupply() throws ClientException {
    List<Address> accounts = chain.accountAddresses();
    long held = 0;
    List<String> negative = new ArrayList<>();
    try {
      for (int from = 0; from < accounts.size(); from += ACCOUNTS_PER_BATCH) {
        List<JsonNode> params = new ArrayList<>();
        for (Address a :
            accounts.subList(from, Math.min(accounts.size(), from + ACCOUNTS_PER_BATCH))) {
          params.add(JSON.createObjectNode().put("address", a.hex()));
        }
        for (JsonNode r : rpc.callBatch("account_get", params)) {
          if (r.has("error")) {
            throw new ClientException(
                node(), "account_get failed: " + r.path("error").path("message").asText());
          }
          long balance = r.path("balance").asLong();
          if (balance < 0) {
            negative.add(r.path("address").asText() + "=" + balance);
          }
          held += balance;
        }
      }
    } catch (RpcException e) {
      throw wrap(e);
    }
    return new Supply(chain.genesis().totalSupply(), held, negative);
  }

  @Override
  public Optional<Block> block(long height) throws ClientException {
    try {
      return rpc.certifiedBlock(height).map(NodeClient.CertifiedBlock::block);
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  @Override
  public long nextNonce(Address sender) throws ClientException {
    try {
      return rpc.account(sender).nextNonce();
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  @Override
  public long balance(Address account) throws ClientException {
    try {
      return rpc.account(account).balance();
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  @Override
  public Optional<NodeClient.CommittedReceipt> receipt(String txId) throws ClientException {
    try {
      return rpc.receipt(Hash.fromHex(txId));
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  @Override
  public Outcome query(String chainCode, String method, byte[] args) throws ClientException {
    try {
      JsonNode r =
          rpc.call(
              "chaincode_query",
              JSON.createObjectNode()
                  .put("chainCode", chainCode)
                  .put("method", method)
                  .put("args", java.util.HexFormat.of().formatHex(args)));
      return r.path("ok").asBoolean()
          ? Outcome.ok(java.util.HexFormat.of().parseHex(r.path("result").asText()))
          : Outcome.fail(r.path("code").asText(), r.path("message").asText(""));
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  @Override
  public Optional<io.ledgerlab.ledger.gov.ProposalStatus> proposal(long id) throws ClientException {
    JsonNode r = proposalRpc(id);
    if (r.path("state").asText().equals("unknown")) {
      return Optional.empty();
    }
    List<String> approvers = new ArrayList<>();
    r.path("approvers").forEach(a -> approvers.add(a.asText()));
    return Optional.of(
        new io.ledgerlab.ledger.gov.ProposalStatus(
            id,
            r.path("state").asText(),
            new io.ledgerlab.ledger.gov.Install(
                r.path("chainCode").asText(),
                r.path("version").asInt(),
                r.path("sha256").asText(),
                r.path("activationHeight").asLong()),
            r.path("expiryHeight").asLong(),
            r.path("contentHash").asText(),
            approvers,
            r.path("threshold").asInt()));
  }

  @Override
  public long proposalCount() throws ClientException {
    return proposalRpc(1).path("proposals").asLong();
  }

  private JsonNode proposalRpc(long id) throws ClientException {
    try {
      return rpc.call("governance_proposal", JSON.createObjectNode().put("id", id));
    } catch (RpcException e) {
      throw wrap(e);
    }
  }

  private ClientException wrap(RpcException e) {
    return new ClientException(node(), e.getMessage(), e);
  }
}
