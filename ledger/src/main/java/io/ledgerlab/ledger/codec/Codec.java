package io.ledgerlab.ledger.codec;

/** The canonical encoding of one kind of value. */
public interface Codec<T> {
  void encode(T value, Encoder out);

  T decode(Decoder in) throws DecodeException;

  default byte[] encode(T value) {
    Encoder out = new Encoder();
    encode(value, out);
    return out.toByteArray();
  }

  /** Decodes a whole buffer: trailing bytes are an error. */
  default T decode(byte[] bytes, String what) throws DecodeException {
    Decoder in = new Decoder(bytes);
    T value = decode(in);
    in.end(what);
    return value;
  }
}
