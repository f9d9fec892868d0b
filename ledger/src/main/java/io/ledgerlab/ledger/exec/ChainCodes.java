package io.ledgerlab.ledger.exec;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.chaincode.TokenChainCode;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.sandbox.SandboxException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The chain code a node carries: the built-ins (or a deliberately broken token for a canary) and
 * the user jars its genesis names.
 */
public final class ChainCodes {
  private ChainCodes() {}

  /**
   * The registry of a node running {@code canary} on the chain {@code genesis} describes: the
   * built-ins and every user chain-code jar the genesis names, each checked by the sandbox, its
   * hash verified, and its name and version matching the genesis entry.
   *
   * @param genesisDir the directory of the genesis file, which jar paths are relative to
   * @throws IOException naming the jar, when one is missing, altered or rejected
   */
  public static ChainCodeRegistry registry(Canary canary, Genesis genesis, Path genesisDir)
      throws IOException {
    ChainCodeRegistry registry = registry(canary);
    for (Genesis.CodeJar j : genesis.jars()) {
      Path jar = genesisDir.resolve(j.jar()).normalize();
      ChainCode code;
      try {
        code = Sandbox.load(jar, j.sha256());
      } catch (SandboxException e) {
        throw new IOException(
            "chain code " + j.name() + " version " + j.version() + ": " + e.getMessage(), e);
      }
      if (!code.name().equals(j.name()) || code.version() != j.version()) {
        throw new IOException(
            jar
                + " holds chain code "
                + code.name()
                + " version "
                + code.version()
                + ", the genesis names "
                + j.name()
                + " version "
                + j.version());
      }
      registry.register(code);
    }
    return registry;
  }

  /** The registry of a node running {@code canary}, with the built-ins only. */
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
