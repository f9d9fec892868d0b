package io.ledgerlab.lab.target;

import java.util.List;
import java.util.Optional;

/**
 * On-chain governance of a chain that has it: the lab holds the operators' keys, proposes
 * chain-code installs and approves them, and reads where each proposal stands. Signed transactions
 * go out through any client of the chain, on any engine.
 */
public interface Governance {
  /** How many operators the lab holds keys for. */
  int operators();

  /** How many operators must approve a proposal. */
  int threshold();

  /** How many proposals the chain holds at {@code client}'s node; the next id is one more. */
  long proposalCount(ChainClient client) throws ClientException;

  /** Proposal {@code id} at {@code client}'s node, or empty when it holds none of that id. */
  Optional<ProposalView> proposal(ChainClient client, long id) throws ClientException;

  /** Signs proposal {@code id} of {@code install} as {@code operator}, with its next nonce. */
  SignedTx propose(ChainClient client, int operator, long id, Install install, long expiryHeight)
      throws ClientException;

  /**
   * Signs {@code operator}'s approval of proposal {@code id} — only when the proposal {@code
   * client}'s node holds under that id is exactly {@code expected} with {@code expiryHeight}: the
   * approval carries the content hash computed here from what the operator means to approve, never
   * one a node reports.
   *
   * @throws ClientException when the node holds no such proposal, or another one under that id
   */
  SignedTx approve(ChainClient client, int operator, long id, Install expected, long expiryHeight)
      throws ClientException;

  /** From block {@code activationHeight} on, chain code {@code chainCode} runs {@code version}. */
  record Install(String chainCode, int version, String sha256, long activationHeight) {}

  /**
   * A proposal as a node sees it.
   *
   * @param state pending, expired, scheduled or active
   */
  record ProposalView(
      long id,
      String state,
      String chainCode,
      int version,
      long activationHeight,
      List<String> approvers) {
    public ProposalView {
      approvers = List.copyOf(approvers);
    }
  }
}
