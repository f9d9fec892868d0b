package io.ledgerlab.lab.target;

import java.util.List;

/**
 * How the lab talks to one node of a chain: submit, follow the head, read the committed chain and
 * the state. A target makes one per node, whatever the engine (JSON-RPC to a process, a call into a
 * simulated node); the lab never sees the chain's own types. Every call is bounded in time.
 */
public interface ChainClient {
  String node();

  /** Submits transactions in one request; the answers in the same order. */
  List<Submitted> submit(List<SignedTx> txs) throws ClientException;

  Head head() throws ClientException;

  /**
   * The transaction ids of the committed blocks from height {@code from} on, at most {@code max}
   * blocks, stopping at the first height the node does not have yet.
   */
  List<List<String>> blockTxIds(long from, int max) throws ClientException;

  /** Reads a key; true when the node answered the read (whatever the value). */
  boolean read(Op.Get get) throws ClientException;

  /** The whole committed chain, each block's commit proof verified by the target. */
  List<BlockView> readChain() throws ClientException;

  /** The node's head state root against the root rebuilt from its stored state. */
  StateAudit stateAudit() throws ClientException;

  /** The token invariant over the run's funded accounts, as this node sees it. */
  Supply supply() throws ClientException;
}
