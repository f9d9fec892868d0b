package io.ledgerlab.ledger.chaincode;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Address;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The native token. Balances live in the accounts and are minted only at genesis; the only way to
 * move them is a transfer from the signer, so the total supply never changes.
 */
public final class TokenChainCode implements ChainCode {
  public static final String NAME = "token";
  public static final String TRANSFER = "transfer";
  public static final String BALANCE_OF = "balanceOf";
  public static final String TOTAL_SUPPLY = "totalSupply";
  public static final String INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE";

  /** Where the supply minted at genesis is recorded, in the token's own key space. */
  public static final byte[] SUPPLY_KEY = "supply".getBytes(StandardCharsets.UTF_8);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  public static byte[] transferArgs(Address to, long amount) {
    return new Encoder(28).fixed(to.bytes()).u64(amount).toByteArray();
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    if (!TRANSFER.equals(method)) {
      return Outcome.fail("UNKNOWN_METHOD", "token has no method '" + method + "'");
    }
    io.ledgerlab.chaincode.Address to;
    long amount;
    try {
      Decoder in = new Decoder(args);
      to = io.ledgerlab.chaincode.Address.of(in.fixed("transfer.to", Address.LENGTH));
      amount = in.u64("transfer.amount", 1, Long.MAX_VALUE);
      in.end("transfer");
    } catch (DecodeException e) {
      return Outcome.fail("BAD_ARGS", e.getMessage());
    }
    if (!context.transferFromCaller(to, amount)) {
      return Outcome.fail(
          INSUFFICIENT_BALANCE,
          "balance " + context.balanceOf(context.caller()) + " is below " + amount);
    }
    context.emit(
        "transfer",
        Map.of("from", context.caller().hex(), "to", to.hex(), "amount", Long.toString(amount)));
    return Outcome.ok();
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    switch (method) {
      case BALANCE_OF:
        if (args.length != Address.LENGTH) {
          return Outcome.fail("BAD_ARGS", "balanceOf takes a 20-byte address");
        }
        return Outcome.ok(u64(context.balanceOf(io.ledgerlab.chaincode.Address.of(args))));
      case TOTAL_SUPPLY:
        byte[] supply = context.get(SUPPLY_KEY);
        return Outcome.ok(supply == null ? u64(0) : supply);
      default:
        return Outcome.fail("UNKNOWN_METHOD", "token has no query '" + method + "'");
    }
  }

  private static byte[] u64(long v) {
    return new Encoder(8).u64(v).toByteArray();
  }
}
