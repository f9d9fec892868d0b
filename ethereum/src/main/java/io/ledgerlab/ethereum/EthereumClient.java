package io.ledgerlab.ethereum;

import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Head;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.StateAudit;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.lab.target.Supply;
import io.ledgerlab.lab.target.TxView;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetBalance;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * One Ethereum node over JSON-RPC (web3j over HTTP): sends raw transactions in batches, reads
 * blocks, receipts and balances. Every call is bounded in time. The first answer checks the node's
 * chain id against the manifest's, so a transaction signed for one chain is never sent to another.
 */
final class EthereumClient implements ChainClient {
  /** Blocks or receipts asked for in one batch: a round trip per this many. */
  private static final int BATCH = 200;

  private static final OkHttpClient SHARED =
      new OkHttpClient.Builder()
          .connectTimeout(2, TimeUnit.SECONDS)
          .readTimeout(15, TimeUnit.SECONDS)
          .writeTimeout(15, TimeUnit.SECONDS)
          .connectionPool(new ConnectionPool(16, 30, TimeUnit.SECONDS))
          .retryOnConnectionFailure(false)
          .build();

  private final String node;
  private final Web3j web3;
  private final long chainId;
  private final List<String> accounts;
  private final BigInteger balanceEach;
  private final Token token;
  private final Store store;
  private volatile boolean chainIdChecked;

  /**
   * @param balanceEach what each account was funded with: wei, or tokens when {@code token} is set
   * @param token the run's ERC-20 token whose supply the validity check holds, or null for ether
   * @param store the run's key-value contract, which reads query; null when there is none
   */
  EthereumClient(
      String node,
      String url,
      long chainId,
      List<String> accounts,
      BigInteger balanceEach,
      Token token,
      Store store) {
    this.store = store;
    this.node = node;
    this.web3 = Web3j.build(new HttpService(url, SHARED));
    this.chainId = chainId;
    this.accounts = List.copyOf(accounts);
    this.balanceEach = balanceEach;
    this.token = token;
  }

  @Override
  public String node() {
    return node;
  }

  @Override
  public List<Submitted> submit(List<SignedTx> txs) throws ClientException {
    checkChainId();
    BatchRequest batch = web3.newBatch();
    for (SignedTx tx : txs) {
      batch.add(web3.ethSendRawTransaction(((EthTx) tx).rawHex()));
    }
    List<? extends Response<?>> answers = send(batch, "eth_sendRawTransaction", txs.size());
    List<Submitted> out = new ArrayList<>(txs.size());
    for (int i = 0; i < txs.size(); i++) {
      EthSendTransaction a = (EthSendTransaction) answers.get(i);
      String id = txs.get(i).id();
      if (!a.hasError()) {
        out.add(new Submitted(id, true, null, null));
        continue;
      }
      String message = a.getError().getMessage();
      String m = message.toLowerCase(Locale.ROOT);
      if (m.contains("already known") || m.contains("known transaction")) {
        // Sent before (a retry after a timeout): it is in the node's pool.
        out.add(new Submitted(id, true, null, null));
      } else if (m.contains("nonce")) {
        out.add(new Submitted(id, false, "BAD_NONCE", message));
      } else {
        out.add(new Submitted(id, false, "REJECTED", message));
      }
    }
    return out;
  }

  @Override
  public Head head() throws ClientException {
    checkChainId();
    EthBlock.Block b =
        call(web3.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
    if (b == null) {
      throw new ClientException(node, "eth_getBlockByNumber(latest) answered no block");
    }
    return new Head(b.getNumber().longValueExact(), b.getHash());
  }

  @Override
  public List<List<String>> blockTxIds(long from, int max) throws ClientException {
    List<List<String>> out = new ArrayList<>();
    for (EthBlock.Block b : blocks(from, max, false)) {
      List<String> ids = new ArrayList<>();
      for (EthBlock.TransactionResult<?> t : b.getTransactions()) {
        ids.add(String.valueOf(t.get()));
      }
      out.add(ids);
    }
    return out;
  }

  @Override
  public boolean read(Op.Get get) throws ClientException {
    if (store == null) {
      throw new ClientException(node, "no key-value store was deployed for this client");
    }
    checkChainId();
    call(
        web3.ethCall(
            callTo(store.address(), Store.get(get.key())), DefaultBlockParameterName.LATEST));
    return true;
  }

  /**
   * Every block from height 1 (genesis, block 0, holds no transactions). A dev node commits a block
   * once it is mined: it has no commit proof the lab could verify.
   */
  @Override
  public List<BlockView> readChain() throws ClientException {
    return readChain(head().height());
  }

  private List<BlockView> readChain(long height) throws ClientException {
    List<BlockView> out = new ArrayList<>();
    for (long from = 1; from <= height; from += BATCH) {
      List<EthBlock.Block> blocks = blocks(from, (int) Math.min(BATCH, height - from + 1), true);
      for (EthBlock.Block b : blocks) {
        out.add(view(b));
      }
      if (blocks.size() < Math.min(BATCH, height - from + 1)) {
        break;
      }
    }
    return out;
  }

  private static BlockView view(EthBlock.Block b) {
    List<TxView> txs = new ArrayList<>();
    for (EthBlock.TransactionResult<?> r : b.getTransactions()) {
      EthBlock.TransactionObject t = (EthBlock.TransactionObject) r.get();
      txs.add(new TxView(t.getHash(), t.getFrom(), t.getNonce().longValueExact()));
    }
    return new BlockView(
        b.getNumber().longValueExact(),
        b.getHash(),
        b.getParentHash(),
        b.getTimestamp().longValueExact() * 1_000_000L,
        String.valueOf(b.getMiner()),
        b.getStateRoot(),
        txs,
        List.of(),
        BlockView.UNVERIFIED);
  }

  @Override
  public StateAudit stateAudit() throws ClientException {
    throw new ClientException(node, "an Ethereum node cannot rebuild its state root over RPC");
  }

  /**
   * Ether is conserved among the run's accounts: what they hold now plus every fee their committed
   * transactions paid (gas used times the effective price) equals what they were funded with.
   * Transfers go only between them, so nothing else moves their ether.
   */
  @Override
  public Supply supply() throws ClientException {
    // One height for every read: a node still mining while the lab reads (a backlog of the load)
    // would otherwise pair balances of one block with the fees of another.
    long height = head().height();
    DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(height));
    if (token != null) {
      return tokenSupply(at);
    }
    BigInteger minted = balanceEach.multiply(BigInteger.valueOf(accounts.size()));
    BigInteger held = BigInteger.ZERO;
    List<String> negative = new ArrayList<>();
    for (int from = 0; from < accounts.size(); from += BATCH) {
      BatchRequest batch = web3.newBatch();
      List<String> part = accounts.subList(from, Math.min(accounts.size(), from + BATCH));
      for (String a : part) {
        batch.add(web3.ethGetBalance(a, at));
      }
      for (Response<?> r : send(batch, "eth_getBalance", part.size())) {
        BigInteger b = ((EthGetBalance) r).getBalance();
        held = held.add(b);
      }
    }
    return new Supply(minted, held.add(feesPaid(height)), negative);
  }

  /**
   * The token's invariant: its {@code totalSupply} is what the constructor minted, and the run's
   * accounts — the only holders, since transfers stay among them — hold all of it.
   */
  private Supply tokenSupply(DefaultBlockParameter at) throws ClientException {
    String contract = token.address();
    BigInteger minted = balanceEach.multiply(BigInteger.valueOf(accounts.size()));
    BigInteger total =
        Numeric.toBigInt(call(web3.ethCall(callTo(contract, Token.totalSupply()), at)).getValue());
    BigInteger held = BigInteger.ZERO;
    for (int from = 0; from < accounts.size(); from += BATCH) {
      List<String> part = accounts.subList(from, Math.min(accounts.size(), from + BATCH));
      BatchRequest batch = web3.newBatch();
      for (String a : part) {
        batch.add(web3.ethCall(callTo(contract, Token.balanceOf(a)), at));
      }
      for (Response<?> r : send(batch, "eth_call", part.size())) {
        held = held.add(Numeric.toBigInt(((EthCall) r).getValue()));
      }
    }
    List<String> off = new ArrayList<>();
    if (!total.equals(minted)) {
      // Not a negative balance, but as plain a breach: say it in the same list.
      off.add("totalSupply=" + total);
    }
    return new Supply(minted, held, off);
  }

  private static Transaction callTo(String contract, String data) {
    return Transaction.createEthCallTransaction(null, contract, data);
  }

  /**
   * Waits until {@code txHash} is mined and returns the contract it created.
   *
   * @throws ClientException when it is not mined in time, failed, or created nothing
   */
  String awaitContract(String txHash, long timeoutMillis) throws ClientException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (System.nanoTime() < deadline) {
      var receipt = call(web3.ethGetTransactionReceipt(txHash)).getTransactionReceipt();
      if (receipt.isPresent()) {
        TransactionReceipt r = receipt.get();
        if (!r.isStatusOK() || r.getContractAddress() == null) {
          throw new ClientException(
              node, "the contract creation " + txHash + " failed (status " + r.getStatus() + ")");
        }
        return r.getContractAddress();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientException(node, "interrupted while waiting for " + txHash, e);
      }
    }
    throw new ClientException(
        node, "the contract creation " + txHash + " was not mined within " + timeoutMillis + " ms");
  }

  /**
   * Waits until every transaction of {@code hashes} is mined and succeeded.
   *
   * @throws ClientException naming one that failed, or how many were not mined in time
   */
  void awaitMined(List<String> hashes, long timeoutMillis) throws ClientException {
    Set<String> left = new java.util.LinkedHashSet<>(hashes);
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (!left.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new ClientException(
            node,
            left.size()
                + " of "
                + hashes.size()
                + " transactions not mined within "
                + timeoutMillis
                + " ms, such as "
                + left.iterator().next());
      }
      List<String> part = left.stream().limit(BATCH).toList();
      BatchRequest batch = web3.newBatch();
      part.forEach(h -> batch.add(web3.ethGetTransactionReceipt(h)));
      List<? extends Response<?>> answers = send(batch, "eth_getTransactionReceipt", part.size());
      for (int i = 0; i < part.size(); i++) {
        var receipt = ((EthGetTransactionReceipt) answers.get(i)).getTransactionReceipt();
        if (receipt.isPresent()) {
          if (!receipt.get().isStatusOK()) {
            throw new ClientException(
                node, part.get(i) + " failed (status " + receipt.get().getStatus() + ")");
          }
          left.remove(part.get(i));
        }
      }
      if (!left.isEmpty()) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ClientException(node, "interrupted while waiting for receipts", e);
        }
      }
    }
  }

  /**
   * The fees of every transaction up to {@code height} sent by one of the run's accounts, in wei.
   */
  private BigInteger feesPaid(long height) throws ClientException {
    Set<String> ours = new HashSet<>();
    accounts.forEach(a -> ours.add(a.toLowerCase(Locale.ROOT)));
    List<String> txs = new ArrayList<>();
    for (BlockView b : readChain(height)) {
      for (TxView t : b.txs()) {
        if (ours.contains(t.sender().toLowerCase(Locale.ROOT))) {
          txs.add(t.id());
        }
      }
    }
    BigInteger fees = BigInteger.ZERO;
    for (int from = 0; from < txs.size(); from += BATCH) {
      List<String> part = txs.subList(from, Math.min(txs.size(), from + BATCH));
      BatchRequest batch = web3.newBatch();
      part.forEach(h -> batch.add(web3.ethGetTransactionReceipt(h)));
      List<? extends Response<?>> answers = send(batch, "eth_getTransactionReceipt", part.size());
      for (int i = 0; i < part.size(); i++) {
        TransactionReceipt r =
            ((EthGetTransactionReceipt) answers.get(i))
                .getTransactionReceipt()
                .orElseThrow(() -> new IllegalStateException("no receipt"));
        fees = fees.add(r.getGasUsed().multiply(Numeric.decodeQuantity(r.getEffectiveGasPrice())));
      }
    }
    return fees;
  }

  /** The account's next nonce, counting what the node holds in its pool. */
  long nextNonce(String address) throws ClientException {
    return call(web3.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING))
        .getTransactionCount()
        .longValueExact();
  }

  /** Blocks {@code from} on, at most {@code max}, up to the first the node does not have. */
  private List<EthBlock.Block> blocks(long from, int max, boolean full) throws ClientException {
    BatchRequest batch = web3.newBatch();
    for (long h = from; h < from + max; h++) {
      batch.add(
          web3.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(h)), full));
    }
    List<EthBlock.Block> out = new ArrayList<>();
    for (Response<?> r : send(batch, "eth_getBlockByNumber", max)) {
      EthBlock.Block b = ((EthBlock) r).getBlock();
      if (b == null) {
        break;
      }
      out.add(b);
    }
    return out;
  }

  private void checkChainId() throws ClientException {
    if (chainIdChecked) {
      return;
    }
    long answered = call(web3.ethChainId()).getChainId().longValueExact();
    if (answered != chainId) {
      throw new ClientException(
          node,
          "answers chain id "
              + answered
              + " but the manifest's chain id is "
              + chainId
              + ": is {chainId} in launch.command?");
    }
    chainIdChecked = true;
  }

  private <T extends Response<?>> T call(Request<?, T> request) throws ClientException {
    T answer;
    try {
      answer = request.send();
    } catch (IOException | RuntimeException e) {
      throw new ClientException(node, request.getMethod() + " failed: " + e.getMessage(), e);
    }
    if (answer.hasError()) {
      throw new ClientException(
          node, request.getMethod() + " answered an error: " + answer.getError().getMessage());
    }
    return answer;
  }

  /**
   * A JSON-RPC 2.0 server may answer a batch in any order (anvil does, under load): each answer is
   * matched to its request by id, never by position.
   */
  private List<Response<?>> inRequestOrder(
      BatchRequest batch, List<? extends Response<?>> answers, String method)
      throws ClientException {
    Map<Long, Response<?>> byId = new HashMap<>();
    for (Response<?> a : answers) {
      byId.put(a.getId(), a);
    }
    List<Response<?>> out = new ArrayList<>(answers.size());
    for (Request<?, ?> r : batch.getRequests()) {
      Response<?> a = byId.get(r.getId());
      if (a == null) {
        throw new ClientException(node, method + ": no answer to request id " + r.getId());
      }
      out.add(a);
    }
    return out;
  }

  private List<? extends Response<?>> send(BatchRequest batch, String method, int expected)
      throws ClientException {
    List<? extends Response<?>> unordered;
    try {
      unordered = batch.send().getResponses();
    } catch (IOException | RuntimeException e) {
      throw new ClientException(node, method + " (a batch) failed: " + e.getMessage(), e);
    }
    if (unordered.size() != expected) {
      throw new ClientException(
          node,
          method + ": " + expected + " asked in one batch, " + unordered.size() + " answered");
    }
    List<Response<?>> answers = inRequestOrder(batch, unordered, method);
    for (Response<?> a : answers) {
      if (a.hasError() && !method.equals("eth_sendRawTransaction")) {
        throw new ClientException(
            node, method + " answered an error: " + a.getError().getMessage());
      }
    }
    return answers;
  }
}
