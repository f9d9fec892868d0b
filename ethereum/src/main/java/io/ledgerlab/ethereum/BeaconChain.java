package io.ledgerlab.ethereum;

import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.NodeSetup;
import io.ledgerlab.lab.target.NodeSlot;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.lab.target.Wallet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A beacon chain deployed for one network: one genesis time, {@code perNode} interop validators on
 * each node, the first node's record handed to the others so that they find it.
 */
final class BeaconChain implements io.ledgerlab.lab.target.Chain {
  /** How long a later node waits for the first one's record. */
  private static final long BOOT_RECORD_MILLIS = 60_000;

  static final String BOOTNODES_ENV = "LEDGERLAB_BOOTNODES";

  private final BeaconTarget target;
  private final Network network;
  private final long genesisTime;
  private final int slotSeconds;
  private final int perNode;
  private volatile InetSocketAddress firstRest;
  private volatile String bootRecord;

  BeaconChain(
      BeaconTarget target, Network network, long genesisTime, int slotSeconds, int perNode) {
    this.target = target;
    this.network = network;
    this.genesisTime = genesisTime;
    this.slotSeconds = slotSeconds;
    this.perNode = perNode;
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public int accounts() {
    return 0;
  }

  /** A wallet that signs nothing: the parser lets only the {@code none} workload reach here. */
  @Override
  public Wallet wallet(Cluster cluster) {
    return new Wallet() {
      @Override
      public Signed sign(Op.Tx op) {
        throw refused();
      }

      @Override
      public Draft draft(Op.Tx op) {
        throw refused();
      }

      @Override
      public SignedTx sign(Draft draft) {
        throw refused();
      }

      @Override
      public Signed current(Draft draft, SignedTx presigned) {
        throw refused();
      }

      @Override
      public void resync(int account) {
        // No accounts.
      }
    };
  }

  private static UnsupportedOperationException refused() {
    return new UnsupportedOperationException("the beacon target takes no transactions");
  }

  /** Each node's validators, as "validators a..b". */
  @Override
  public Map<String, String> validatorIds() {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < network.nodes().size(); i++) {
      out.put(network.nodes().get(i).name(), "validators " + range(i));
    }
    return out;
  }

  private String range(int index) {
    return (index * perNode) + ".." + (index * perNode + perNode - 1);
  }

  /**
   * The node's validators and the genesis; for every node but the first, the first one's record,
   * read from its REST API (it runs already: the engine starts each node as it is prepared).
   */
  @Override
  public NodeSetup prepare(NodeSlot slot) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("genesisTime", Long.toString(genesisTime));
    values.put("genesisValidators", Integer.toString(perNode * network.nodes().size()));
    values.put("validators", range(slot.index()));
    values.put("slotSeconds", Integer.toString(slotSeconds));
    if (slot.index() == 0) {
      firstRest = slot.rpc();
      return new NodeSetup(values, Map.of());
    }
    return new NodeSetup(values, Map.of(BOOTNODES_ENV, bootRecord()));
  }

  private synchronized String bootRecord() throws IOException {
    if (bootRecord != null) {
      return bootRecord;
    }
    if (firstRest == null) {
      throw new IOException("the first beacon node was not prepared before the others");
    }
    String first = network.nodes().get(0).name();
    BeaconClient c = new BeaconClient(first, firstRest, genesisTime, slotSeconds);
    long deadline = System.currentTimeMillis() + BOOT_RECORD_MILLIS;
    ClientException last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        bootRecord = c.enr();
        return bootRecord;
      } catch (ClientException e) {
        last = e;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + first + "'s record", e);
      }
    }
    throw new IOException(
        first
            + " gave no node record (ENR) at /eth/v1/node/identity within "
            + BOOT_RECORD_MILLIS / 1000
            + " s, so no other node could find it: "
            + (last == null ? "" : last.getMessage())
            + " (its output is in logs/"
            + first
            + ".out)");
  }

  @Override
  public ChainClient client(String node, InetSocketAddress rpc) {
    return new BeaconClient(node, rpc, genesisTime, slotSeconds);
  }

  /** The run directory's beacon.json: the genesis and who holds which validators. */
  String describe() {
    StringBuilder sb = new StringBuilder("{\n  \"genesisTime\": " + genesisTime + ",\n");
    sb.append("  \"slotSeconds\": ").append(slotSeconds).append(",\n  \"validators\": {");
    String sep = "\n";
    for (Map.Entry<String, String> e : validatorIds().entrySet()) {
      sb.append(sep).append("    \"").append(e.getKey()).append("\": \"");
      sb.append(e.getValue().substring("validators ".length())).append('"');
      sep = ",\n";
    }
    return sb.append("\n  }\n}\n").toString();
  }
}
