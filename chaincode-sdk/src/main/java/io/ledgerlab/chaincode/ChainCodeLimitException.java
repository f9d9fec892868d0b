package io.ledgerlab.chaincode;

/** A call exceeded a context limit (key size, value size, writes or events per call). */
public final class ChainCodeLimitException extends RuntimeException {
  public ChainCodeLimitException(String message) {
    super(message);
  }
}
