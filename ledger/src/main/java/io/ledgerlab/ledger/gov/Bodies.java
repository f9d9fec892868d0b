package io.ledgerlab.ledger.gov;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.tx.Payload;

/** The field readers the governance bodies share. */
final class Bodies {
  private Bodies() {}

  static void version(Decoder in, String what, int expected) throws DecodeException {
    int at = in.offset();
    int v = in.u8(what + ".version");
    if (v != expected) {
      throw new DecodeException(
          DecodeException.Kind.UNKNOWN_VERSION,
          what + ".version",
          at,
          "expected version " + expected + ", got " + v);
    }
  }

  static String name(Decoder in, String field) throws DecodeException {
    int at = in.offset();
    String name = in.string(field, Payload.NAME_BYTES_MAX);
    if (!Payload.NAME.matcher(name).matches()) {
      throw in.invalid(field, at, "expected a name matching " + Payload.NAME.pattern());
    }
    return name;
  }

  static int version32(Decoder in, String field) throws DecodeException {
    int at = in.offset();
    long v = in.u32(field);
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw new DecodeException(
          DecodeException.Kind.OUT_OF_RANGE, field, at, "version " + v + " is outside [1, 2^31-1]");
    }
    return (int) v;
  }
}
