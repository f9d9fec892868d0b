package io.ledgerlab.lab.target;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Where an engine that starts processes puts one node: its ports, its directory, and the address
 * through which it reaches each peer (the lab's fault proxy for that link).
 *
 * @param index the node's position in the network, from 0
 * @param peers each other node's name and the address this node dials it at
 * @param supervisorPid the process whose end the node should outlive by no more than a moment
 */
public record NodeSlot(
    Network network,
    Network.NodeSpec node,
    int index,
    RunLayout run,
    InetSocketAddress p2p,
    InetSocketAddress rpc,
    Map<String, InetSocketAddress> peers,
    long supervisorPid) {
  public NodeSlot {
    peers = Map.copyOf(peers);
  }

  public String name() {
    return node.name();
  }
}
