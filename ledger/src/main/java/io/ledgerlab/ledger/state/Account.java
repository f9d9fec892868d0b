package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;

/** An account: its native token balance and the nonce its next transaction must carry. */
public record Account(long balance, long nonce) {
  public static final Account EMPTY = new Account(0, 0);

  public Account {
    if (balance < 0 || nonce < 0) {
      throw new IllegalArgumentException(
          "balance and nonce must be >= 0: " + balance + ", " + nonce);
    }
  }

  public Account withBalance(long newBalance) {
    return new Account(newBalance, nonce);
  }

  public Account withNextNonce() {
    return new Account(balance, Math.addExact(nonce, 1));
  }

  public byte[] encode() {
    return new Encoder(18).u8(TypeTag.ACCOUNT).u8(1).u64(balance).u64(nonce).toByteArray();
  }

  public static Account decode(byte[] bytes) throws DecodeException {
    Decoder in = new Decoder(bytes);
    in.header("account", TypeTag.ACCOUNT, 1);
    Account account = new Account(in.u64("account.balance"), in.u64("account.nonce"));
    in.end("account");
    return account;
  }
}
