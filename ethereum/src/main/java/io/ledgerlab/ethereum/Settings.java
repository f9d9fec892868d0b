package io.ledgerlab.ethereum;

import io.ledgerlab.lab.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ethereum target's {@code targetOptions}: what a transfer moves, and the transaction type the
 * wallet signs.
 *
 * @param erc20 transfers move the lab's ERC-20 token ({@code LabToken.sol}) instead of ether
 * @param legacy transactions are legacy (type 0, EIP-155) instead of EIP-1559 (type 2)
 */
record Settings(boolean erc20, boolean legacy) {
  static final String TRANSFERS = "transfers";
  static final String TX_TYPE = "txType";

  static Settings of(Map<String, String> options) {
    return new Settings(
        "erc20".equals(options.get(TRANSFERS)), "legacy".equals(options.get(TX_TYPE)));
  }

  /** Values outside the known ones, as problems at their keys. */
  static List<Target.Problem> problems(Map<String, String> options) {
    List<Target.Problem> out = new ArrayList<>();
    if (options == null) {
      return out;
    }
    check(out, options, TRANSFERS, List.of("native", "erc20"));
    check(out, options, TX_TYPE, List.of("eip1559", "legacy"));
    out.addAll(Keystore.problems(options));
    return out;
  }

  private static void check(
      List<Target.Problem> out, Map<String, String> options, String key, List<String> allowed) {
    String v = options.get(key);
    if (v != null && !allowed.contains(v)) {
      out.add(
          new Target.Problem("/targetOptions/" + key, "one of " + allowed + ", got '" + v + "'"));
    }
  }
}
