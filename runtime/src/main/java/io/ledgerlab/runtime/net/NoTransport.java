package io.ledgerlab.runtime.net;

/** The transport of a node that has no peers, such as a single-validator dev chain. */
public final class NoTransport implements Transport {
  @Override
  public void send(NodeId peer, byte[] message) {
    throw new IllegalStateException("this node has no peers; cannot send to " + peer);
  }

  @Override
  public void bind(Handler handler) {}
}
