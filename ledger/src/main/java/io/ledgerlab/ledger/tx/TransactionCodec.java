package io.ledgerlab.ledger.tx;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.PublicKey;

/** The field layout of a transaction, everything but the trailing signature. */
final class TransactionCodec {
  private TransactionCodec() {}

  record Body(String chainId, PublicKey sender, long nonce, Payload payload) {}

  static void encodeBody(
      String chainId, PublicKey sender, long nonce, Payload payload, Encoder out) {
    out.u8(Transaction.typeTag()).u8(Transaction.version());
    out.string(chainId, Transaction.CHAIN_ID_BYTES_MAX);
    out.fixed(sender.bytes());
    out.u64(nonce);
    out.u8(payload.kind().tag());
    if (payload instanceof Payload.Transfer t) {
      out.fixed(t.to().bytes()).u64(t.amount());
    } else if (payload instanceof Payload.Call c) {
      out.string(c.chainCode(), Payload.NAME_BYTES_MAX)
          .u32(c.version())
          .string(c.method(), Payload.NAME_BYTES_MAX)
          .bytes(c.args(), Payload.ARGS_BYTES_MAX);
    } else if (payload instanceof Payload.Governance g) {
      out.string(g.action(), Payload.NAME_BYTES_MAX).bytes(g.body(), Payload.ARGS_BYTES_MAX);
    }
  }

  static Body decodeBody(Decoder in) throws DecodeException {
    in.header("tx", Transaction.typeTag(), Transaction.version());
    String chainId = in.string("tx.chainId", Transaction.CHAIN_ID_BYTES_MAX);
    PublicKey sender = PublicKey.of(in.fixed("tx.sender", PublicKey.LENGTH));
    long nonce = in.u64("tx.nonce");
    int kindAt = in.offset();
    int tag = in.u8("tx.kind");
    TxKind kind = TxKind.ofTag(tag);
    if (kind == null) {
      throw new DecodeException(
          DecodeException.Kind.UNKNOWN_TAG, "tx.kind", kindAt, "no kind " + tag);
    }
    int payloadAt = in.offset();
    Payload payload =
        switch (kind) {
          case TRANSFER -> transfer(in, payloadAt);
          case CALL -> call(in, payloadAt);
          case GOVERNANCE -> governance(in, payloadAt);
        };
    return new Body(chainId, sender, nonce, payload);
  }

  private static Payload transfer(Decoder in, int at) throws DecodeException {
    Address to = Address.of(in.fixed("tx.transfer.to", Address.LENGTH));
    long amount = in.u64("tx.transfer.amount", 1, Long.MAX_VALUE);
    return new Payload.Transfer(to, amount);
  }

  private static Payload call(Decoder in, int at) throws DecodeException {
    String chainCode = name(in, "tx.call.chainCode");
    long version = in.u32("tx.call.version");
    if (version > Integer.MAX_VALUE) {
      throw new DecodeException(
          DecodeException.Kind.OUT_OF_RANGE, "tx.call.version", at, "version " + version);
    }
    String method = name(in, "tx.call.method");
    byte[] args = in.bytes("tx.call.args", Payload.ARGS_BYTES_MAX);
    return new Payload.Call(chainCode, (int) version, method, args);
  }

  private static Payload governance(Decoder in, int at) throws DecodeException {
    String action = name(in, "tx.governance.action");
    byte[] body = in.bytes("tx.governance.body", Payload.ARGS_BYTES_MAX);
    return new Payload.Governance(action, body);
  }

  private static String name(Decoder in, String field) throws DecodeException {
    int at = in.offset();
    String name = in.string(field, Payload.NAME_BYTES_MAX);
    if (!Payload.NAME.matcher(name).matches()) {
      throw in.invalid(field, at, "'" + name + "' does not match " + Payload.NAME.pattern());
    }
    return name;
  }

  static byte[] slice(Decoder in, int start, int length) {
    return in.copyOfRange(start, start + length);
  }
}
