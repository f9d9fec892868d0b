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
 * @param supervisorPid the process whose end the node should outlive by no more than a moment; 0
 *     for none (a node in a container cannot see the lab's processes)
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

  /**
   * The engine's own placeholders of the launch command (docs/manifest.md): the node's name, index,
   * address, ports and directories. Engines that run nodes elsewhere (containers) see the run
   * directory at the same path, so these hold there too.
   */
  public Map<String, String> placeholders() {
    Map<String, String> v = new java.util.LinkedHashMap<>();
    v.put("name", name());
    v.put("index", Integer.toString(index));
    v.put("address", p2p.getHostString());
    v.put("dir", run.nodeDir(name()).toString());
    v.put("dataDir", run.data(name()).toString());
    v.put("rpcPort", Integer.toString(rpc.getPort()));
    v.put("p2pPort", Integer.toString(p2p.getPort()));
    v.put("here", network.launch().here().toString());
    return v;
  }
}
