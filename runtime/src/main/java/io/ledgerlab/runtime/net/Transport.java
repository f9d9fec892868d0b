package io.ledgerlab.runtime.net;

/**
 * Unreliable, unordered message delivery between nodes. A message may be lost, delayed, duplicated
 * or reordered; the node's protocol must cope. Messages arrive as events on the node's event loop.
 */
public interface Transport {
  /** Sends {@code message} to {@code peer}; never blocks and never throws for network faults. */
  void send(NodeId peer, byte[] message);

  /** Installs the handler that receives this node's inbound events; replaces any earlier one. */
  void bind(Handler handler);

  /** Inbound transport events, delivered on the node's event loop. */
  interface Handler {
    void onMessage(NodeId from, byte[] message);

    default void onPeerUp(NodeId peer) {}

    default void onPeerDown(NodeId peer) {}
  }
}
