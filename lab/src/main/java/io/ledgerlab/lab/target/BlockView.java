package io.ledgerlab.lab.target;

import java.util.List;

/**
 * A committed block as the checks see it, whatever the chain: ids and roots as text, and what the
 * target found when it verified the block's commit proof.
 *
 * @param stateRoot the state root the block commits to, or "" when the chain has none
 * @param accused the validators that evidence in this block accuses of equivocation
 * @param proofProblem why the proof that this block was committed (a certificate of 2f+1 signatures
 *     on the reference chain) does not hold; null when it was verified, and {@link #UNVERIFIED}
 *     when the target could not see it (such as the head's, before the next block)
 */
public record BlockView(
    long height,
    String hash,
    String parent,
    String stateRoot,
    List<TxView> txs,
    List<String> accused,
    String proofProblem) {
  public static final String UNVERIFIED = "unverified";

  public BlockView {
    txs = List.copyOf(txs);
    accused = List.copyOf(accused);
  }

  public boolean proofVerified() {
    return proofProblem == null;
  }

  public boolean proofBroken() {
    return proofProblem != null && !UNVERIFIED.equals(proofProblem);
  }
}
