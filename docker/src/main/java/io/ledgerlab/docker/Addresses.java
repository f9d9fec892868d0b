package io.ledgerlab.docker;

import io.ledgerlab.lab.manifest.Network;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where nodes live on a run's network: node {@code i} at {@code <subnet>.(10+i)}, its peer-to-peer
 * and RPC ports fixed (each container has its own address) or, with {@code launch.basePort}, the
 * ports the process engine would give it.
 *
 * @param prefix the subnet's first three octets and a dot, such as {@code 10.214.7.}
 */
record Addresses(String prefix, Network network) {
  static final int FIRST_HOST = 10;
  private static final int P2P_PORT = 26656;
  private static final int RPC_PORT = 26657;

  String host(int i) {
    return prefix + (FIRST_HOST + i);
  }

  InetSocketAddress p2p(int i) {
    int base = network.launch().basePort();
    return new InetSocketAddress(host(i), base == 0 ? P2P_PORT : base + 2 * i);
  }

  InetSocketAddress rpc(int i) {
    int base = network.launch().basePort();
    return new InetSocketAddress(host(i), base == 0 ? RPC_PORT : base + 2 * i + 1);
  }

  /** Every other node's name and peer-to-peer address: where node {@code self} dials them. */
  Map<String, InetSocketAddress> peers(int self) {
    Map<String, InetSocketAddress> out = new LinkedHashMap<>();
    for (int i = 0; i < network.nodes().size(); i++) {
      if (i != self) {
        out.put(network.nodes().get(i).name(), p2p(i));
      }
    }
    return out;
  }

  /** Every node's name and host address. */
  Map<String, String> hosts() {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < network.nodes().size(); i++) {
      out.put(network.nodes().get(i).name(), host(i));
    }
    return out;
  }
}
