package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.chaincode.CallContext;
import io.ledgerlab.ledger.chaincode.ChainCode;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.chaincode.Outcome;
import io.ledgerlab.ledger.chaincode.QueryContext;
import io.ledgerlab.ledger.chaincode.TokenChainCode;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.crypto.Address;
import java.util.Arrays;

/** The chain code a node carries: the built-ins, or a deliberately broken token for a canary. */
public final class ChainCodes {
  private ChainCodes() {}

  /** The registry of a node running {@code canary}. */
  public static ChainCodeRegistry registry(Canary canary) {
    if (canary != Canary.MINT) {
      return ChainCodeRegistry.builtins();
    }
    return new ChainCodeRegistry().register(new MintingToken()).register(new KvChainCode());
  }

  /** The token with a bug: every transfer also credits its recipient one token from nowhere. */
  private static final class MintingToken implements ChainCode {
    private final TokenChainCode token = new TokenChainCode();

    @Override
    public String name() {
      return token.name();
    }

    @Override
    public int version() {
      return token.version();
    }

    @Override
    public Outcome invoke(CallContext context, String method, byte[] args) {
      Outcome outcome = token.invoke(context, method, args);
      if (outcome.succeeded() && context instanceof TxContext tx && args.length >= Address.LENGTH) {
        tx.mintForCanary(Address.of(Arrays.copyOf(args, Address.LENGTH)), 1);
      }
      return outcome;
    }

    @Override
    public Outcome query(QueryContext context, String method, byte[] args) {
      return token.query(context, method, args);
    }
  }
}
