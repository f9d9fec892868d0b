package io.ledgerlab.ledger.consensus;

import io.ledgerlab.runtime.net.NodeId;
import java.util.List;

/**
 * Where a node's outgoing consensus messages go. The honest outbox sends every message to every
 * peer; Byzantine behaviours are outboxes wrapped around it, so misbehaviour never forks the honest
 * code.
 */
public interface Outbox {
  void broadcast(Message message);

  void send(NodeId peer, Message message);

  List<NodeId> peers();

  /**
   * Sends {@code message} to {@code peer} as the bytes it was received in, so a relay encodes
   * nothing. Wrapping outboxes that change what goes out see the message.
   */
  default void forward(NodeId peer, Message message, byte[] bytes) {
    send(peer, message);
  }
}
