package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.runtime.net.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Byzantine nodes share to attack together: which honest nodes form side A and side B, and for
 * each double proposal the pair of blocks, so every equivocating vote shows side A one block and
 * side B the other. Test-only; lives with the simulated world that creates it.
 */
public final class Coalition {
  private final Set<NodeId> members;
  private final boolean separateProcesses;
  private final Set<NodeId> sideA;
  private final Map<Hash, Hash> twinBlocks = new HashMap<>();

  /** Splits the honest nodes in two halves by name order; members share this object. */
  public Coalition(Set<NodeId> members, List<NodeId> allNodes) {
    this(members, allNodes, false);
  }

  /**
   * @param separateProcesses true when each member has its own copy (real node processes): a member
   *     then derives the proposer's twin blocks itself instead of reading them here
   */
  public Coalition(Set<NodeId> members, List<NodeId> allNodes, boolean separateProcesses) {
    this.separateProcesses = separateProcesses;
    this.members = Set.copyOf(members);
    List<NodeId> honest = new ArrayList<>();
    for (NodeId n : allNodes) {
      if (!members.contains(n)) {
        honest.add(n);
      }
    }
    honest.sort(null);
    this.sideA = new HashSet<>(honest.subList(0, (honest.size() + 1) / 2));
  }

  /** Whether members run in separate processes and so cannot share the twins they make. */
  public boolean separateProcesses() {
    return separateProcesses;
  }

  public boolean isMember(NodeId node) {
    return members.contains(node);
  }

  /** Side A, which sees the original block; members count as side A. */
  public boolean onSideA(NodeId node) {
    return members.contains(node) || sideA.contains(node);
  }

  /** Records that {@code a} (shown to side A) and {@code b} (side B) were proposed together. */
  public void pair(Hash a, Hash b) {
    twinBlocks.put(a, b);
    twinBlocks.put(b, a);
  }

  /** The block to show side B when voting for {@code a}; {@code null} when there is none. */
  public Hash conflicting(Hash a) {
    return twinBlocks.get(a);
  }
}
