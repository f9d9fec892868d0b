package io.ledgerlab.ledger.block;

import io.ledgerlab.ledger.chaincode.Event;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What executing one included transaction did. A failed receipt still consumed the nonce; its
 * writes were discarded.
 */
public record Receipt(
    Hash txHash, boolean ok, String errorCode, String message, byte[] result, List<Event> events) {
  public static final int CODE_BYTES_MAX = 64;
  public static final int MESSAGE_BYTES_MAX = 512;
  public static final int RESULT_BYTES_MAX = 64 * 1024;
  public static final int EVENTS_MAX = 64;
  public static final int ATTRIBUTES_MAX = 32;
  public static final int ATTRIBUTE_BYTES_MAX = 1_024;

  public Receipt {
    Objects.requireNonNull(txHash, "txHash");
    errorCode = errorCode == null ? "" : errorCode;
    message = message == null ? "" : truncate(wellFormed(message));
    result = result.clone();
    events = List.copyOf(events);
  }

  public static Receipt success(Hash txHash, byte[] result, List<Event> events) {
    return new Receipt(txHash, true, "", "", result, events);
  }

  public static Receipt failure(Hash txHash, String errorCode, String message) {
    return new Receipt(txHash, false, errorCode, message, new byte[0], List.of());
  }

  @Override
  public byte[] result() {
    return result.clone();
  }

  public Hash hash() {
    return Sha256.hash(encode());
  }

  public byte[] encode() {
    Encoder out = new Encoder(128);
    encode(out);
    return out.toByteArray();
  }

  void encode(Encoder out) {
    out.u8(TypeTag.RECEIPT).u8(1).hash(txHash).bool(ok);
    out.string(errorCode, CODE_BYTES_MAX).string(message, MESSAGE_BYTES_MAX);
    out.bytes(result, RESULT_BYTES_MAX).count(events.size(), EVENTS_MAX);
    for (Event e : events) {
      out.string(e.chainCode(), CODE_BYTES_MAX).string(e.type(), CODE_BYTES_MAX);
      out.count(e.attributes().size(), ATTRIBUTES_MAX);
      for (var a : e.attributes().entrySet()) {
        out.string(a.getKey(), CODE_BYTES_MAX).string(a.getValue(), ATTRIBUTE_BYTES_MAX);
      }
    }
  }

  static Receipt decode(Decoder in) throws DecodeException {
    in.header("receipt", TypeTag.RECEIPT, 1);
    Hash txHash = in.hash("receipt.txHash");
    boolean ok = in.bool("receipt.ok");
    String code = in.string("receipt.errorCode", CODE_BYTES_MAX);
    String message = in.string("receipt.message", MESSAGE_BYTES_MAX);
    byte[] result = in.bytes("receipt.result", RESULT_BYTES_MAX);
    int n = in.count("receipt.events", EVENTS_MAX, 12);
    List<Event> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String field = "receipt.events[" + i + "]";
      String chainCode = in.string(field + ".chainCode", CODE_BYTES_MAX);
      String type = in.string(field + ".type", CODE_BYTES_MAX);
      int attrs = in.count(field + ".attributes", ATTRIBUTES_MAX, 8);
      SortedMap<String, String> map = new TreeMap<>();
      String previous = null;
      for (int j = 0; j < attrs; j++) {
        int at = in.offset();
        String key = in.string(field + ".attributes.key", CODE_BYTES_MAX);
        if (previous != null && previous.compareTo(key) >= 0) {
          throw new DecodeException(
              DecodeException.Kind.NON_CANONICAL,
              field + ".attributes",
              at,
              "keys not strictly sorted");
        }
        previous = key;
        map.put(key, in.string(field + ".attributes.value", ATTRIBUTE_BYTES_MAX));
      }
      events.add(new Event(chainCode, type, map));
    }
    return new Receipt(txHash, ok, code, message, result, events);
  }

  /** The receipts of one block, in transaction order. */
  public static byte[] encodeAll(List<Receipt> receipts) {
    Encoder out = new Encoder(64 + receipts.size() * 128);
    out.count(receipts.size(), Block.TRANSACTIONS_MAX);
    for (Receipt r : receipts) {
      r.encode(out);
    }
    return out.toByteArray();
  }

  public static List<Receipt> decodeAll(byte[] bytes) throws DecodeException {
    Decoder in = new Decoder(bytes);
    int n = in.count("receipts", Block.TRANSACTIONS_MAX, 40);
    List<Receipt> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(decode(in));
    }
    in.end("receipts");
    return out;
  }

  public static Hash root(List<Receipt> receipts) {
    List<Hash> hashes = new ArrayList<>(receipts.size());
    for (Receipt r : receipts) {
      hashes.add(r.hash());
    }
    return MerkleList.root(hashes);
  }

  /** Replaces lone surrogates, which have no UTF-8 encoding, with U+FFFD. */
  private static String wellFormed(String s) {
    if (io.ledgerlab.ledger.codec.Encoder.isWellFormed(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  private static String truncate(String message) {
    byte[] utf8 = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (utf8.length <= MESSAGE_BYTES_MAX) {
      return message;
    }
    // Cut on a character boundary so the result is still valid UTF-8.
    int chars = message.length();
    while (message.substring(0, chars).getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        > MESSAGE_BYTES_MAX - 3) {
      chars = chars * 3 / 4;
    }
    if (chars > 0 && Character.isHighSurrogate(message.charAt(chars - 1))) {
      chars--;
    }
    return message.substring(0, chars) + "...";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Receipt r
        && txHash.equals(r.txHash)
        && ok == r.ok
        && errorCode.equals(r.errorCode)
        && message.equals(r.message)
        && Arrays.equals(result, r.result)
        && events.equals(r.events);
  }

  @Override
  public int hashCode() {
    return txHash.hashCode();
  }
}
