package io.ledgerlab.bench;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compute-heavy chain code for {@link MeteringBench}: arithmetic in a loop and a TreeMap of the
 * results, touching no state. It passes the sandbox's check, so it runs both plain and metered.
 */
public final class ComputeContract implements ChainCode {
  static final int ROUNDS = 2_000;

  @Override
  public String name() {
    return "compute";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    TreeMap<Long, Long> sorted = new TreeMap<>();
    long x = args.length + 1;
    for (int i = 0; i < ROUNDS; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      sorted.merge(x >>> 52, x & 0xffff, Long::sum);
    }
    long sum = 0;
    for (Map.Entry<Long, Long> e : sorted.entrySet()) {
      sum = sum * 31 + e.getKey() * e.getValue();
    }
    byte[] result = new byte[8];
    for (int i = 0; i < 8; i++) {
      result[i] = (byte) (sum >>> (56 - 8 * i));
    }
    return Outcome.ok(result);
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok();
  }
}
