package io.ledgerlab.ethereum;

import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.manifest.NetworkFile;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.runtime.entropy.Entropy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.web3j.crypto.MnemonicUtils;

/**
 * Ethereum nodes over JSON-RPC: anvil, Hardhat's node, or any node that takes a mnemonic for its
 * funded accounts. The lab derives the accounts from a mnemonic it draws from the run's seed (or
 * opens a keystore), signs EIP-1559 or legacy transactions ahead of sending — transfers of ether or
 * of its ERC-20 token, and the kv workload's updates and deletes as calls to its store contract,
 * whose reads are {@code eth_call}s — and judges the node by what its RPC returns: blocks,
 * receipts, balances. One node is one chain (a dev node has no peers), so a network of this target
 * has one node.
 */
public final class EthereumTarget implements Target {
  public static final String NAME = "ethereum";

  /** Anvil's and Hardhat's default chain id. */
  static final String DEFAULT_CHAIN_ID = "31337";

  private static final Set<String> CHECKS =
      Set.of("safety", "liveness", "durability", "validity", "nodes");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Class<? extends Op>> operations() {
    return Set.of(Op.Transfer.class, Op.Approve.class, Op.Put.class, Op.Delete.class, Op.Get.class);
  }

  /**
   * No state audit (an Ethereum node cannot rebuild its state root over RPC) and no evidence (a dev
   * node has no validators to accuse).
   */
  @Override
  public Set<String> checks() {
    return CHECKS;
  }

  /** What signals do: the node's clock and links are its own. */
  @Override
  public Set<FaultKind> faults() {
    return EnumSet.of(FaultKind.KILL, FaultKind.STOP, FaultKind.RESTART, FaultKind.PAUSE);
  }

  /**
   * {@code transfers: native | erc20}, {@code txType: eip1559 | legacy}, and {@code keystore} with
   * {@code keystorePassword} for accounts from keystore files ({@link Keystore}).
   */
  @Override
  public Set<String> options() {
    return Set.of(Settings.TRANSFERS, Settings.TX_TYPE, Keystore.DIR, Keystore.PASSWORD);
  }

  @Override
  public String defaultChainId(String networkName) {
    return DEFAULT_CHAIN_ID;
  }

  /**
   * {@code {chainId}}, {@code {mnemonic}} (one argument, spaces and all), {@code {accounts}} and
   * {@code {balance}} (each account's balance in ether).
   */
  @Override
  public Set<String> placeholders() {
    return Set.of("chainId", "mnemonic", "accounts", "balance");
  }

  @Override
  public List<Problem> problems(NetworkFile f) {
    List<Problem> out = new ArrayList<>(Settings.problems(f.targetOptions));
    if (f.chainId != null && !f.chainId.matches("[1-9][0-9]{0,17}")) {
      out.add(new Problem("/chainId", "a positive number (EIP-155), got '" + f.chainId + "'"));
    }
    int count = f.nodes != null ? f.nodes.size() : f.validators == null ? 4 : f.validators;
    if (count != 1) {
      out.add(
          new Problem(
              f.nodes != null ? "/nodes" : "/validators",
              "one node: a dev node (anvil, Hardhat) is a chain of its own, with no"
                  + " peers to agree with"));
    }
    ForeignManifest.problems(out, f, NAME);
    unsupported(
        out,
        f.accounts != null && f.targetOptions != null && Keystore.named(f.targetOptions),
        "/accounts",
        "account count with a keystore (its files are the accounts)");
    unsupported(
        out,
        f.blockInterval != null,
        "/blockInterval",
        "block interval (set the node's own, such as anvil --block-time, in launch.command)");
    unsupported(
        out,
        f.links != null,
        "/links",
        "link faults (its nodes do not dial peers through the lab's proxies)");
    return out;
  }

  private static void unsupported(List<Problem> out, boolean given, String pointer, String what) {
    ForeignManifest.unsupported(out, NAME, given, pointer, what);
  }

  @Override
  public EthereumChain deploy(Network network, RunLayout run, Entropy keys, long genesisTimeMicros)
      throws IOException {
    Files.createDirectories(run.logs());
    byte[] entropy = new byte[16];
    keys.fork("mnemonic").nextBytes(entropy);
    String mnemonic = MnemonicUtils.generateMnemonic(entropy);
    Accounts keystore =
        Keystore.named(network.targetOptions())
            ? Keystore.load(network.targetOptions(), network.launch().here())
            : null;
    // With a keystore, the node funds as many mnemonic accounts, and each pays its keystore
    // account in Chain.ready.
    Accounts accounts =
        Accounts.derive(mnemonic, keystore == null ? network.accounts() : keystore.size());
    // The keys of the run, as for the reference chain: anyone with the run directory can sign.
    Files.writeString(run.root().resolve("mnemonic.txt"), mnemonic + "\n");
    Accounts used = keystore == null ? accounts : keystore;
    Files.writeString(run.accounts(), String.join("\n", used.addresses()) + "\n");
    return new EthereumChain(this, network, mnemonic, accounts, keystore);
  }
}
