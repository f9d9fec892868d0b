package io.ledgerlab.chaincode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small canonical encoding for call arguments and results: big-endian integers, length-prefixed
 * bytes and UTF-8 strings, fixed 20-byte addresses. Clients write with {@link #writer()}; chain
 * code reads with {@link #reader(byte[])}, whose every failure is a {@link ChainCodeException} with
 * code {@value #BAD_ARGS} naming the field, so a malformed call ends in a stable receipt.
 */
public final class Args {
  public static final String BAD_ARGS = "BAD_ARGS";

  /** The longest byte or string field: a call never carries more than a transaction holds. */
  public static final int FIELD_BYTES_MAX = 64 * 1024;

  private Args() {}

  public static Writer writer() {
    return new Writer();
  }

  public static Reader reader(byte[] args) {
    return new Reader(args);
  }

  /** Builds an argument list field by field. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Writer() {}

    public Writer u64(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (v >>> shift));
      }
      return this;
    }

    public Writer bool(boolean v) {
      out.write(v ? 1 : 0);
      return this;
    }

    public Writer bytes(byte[] v) {
      if (v.length > FIELD_BYTES_MAX) {
        throw new IllegalArgumentException(v.length + " bytes exceed " + FIELD_BYTES_MAX);
      }
      u32(v.length);
      out.write(v, 0, v.length);
      return this;
    }

    public Writer string(String v) {
      return bytes(v.getBytes(StandardCharsets.UTF_8));
    }

    public Writer address(Address v) {
      byte[] b = v.bytes();
      out.write(b, 0, b.length);
      return this;
    }

    private void u32(int v) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write(v >>> shift);
      }
    }

    public byte[] toBytes() {
      return out.toByteArray();
    }
  }

  /** Reads an argument list in the order it was written; {@link #end} rejects trailing bytes. */
  public static final class Reader {
    private final byte[] in;
    private int at;

    private Reader(byte[] in) {
      this.in = in;
    }

    public long u64(String field) {
      need(field, 8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (in[at++] & 0xff);
      }
      return v;
    }

    public boolean bool(String field) {
      need(field, 1);
      int b = in[at++];
      if (b != 0 && b != 1) {
        throw bad(field, "is not a boolean (" + b + ")");
      }
      return b == 1;
    }

    public byte[] bytes(String field) {
      need(field, 4);
      int length = (in[at] & 0xff) << 24 | (in[at + 1] & 0xff) << 16 | (in[at + 2] & 0xff) << 8;
      length |= in[at + 3] & 0xff;
      at += 4;
      if (length < 0 || length > FIELD_BYTES_MAX) {
        throw bad(field, "declares " + Integer.toUnsignedString(length) + " bytes");
      }
      need(field, length);
      byte[] v = Arrays.copyOfRange(in, at, at + length);
      at += length;
      return v;
    }

    public String string(String field) {
      byte[] raw = bytes(field);
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(raw))
            .toString();
      } catch (CharacterCodingException e) {
        throw bad(field, "is not UTF-8");
      }
    }

    public Address address(String field) {
      need(field, Address.LENGTH);
      Address a = Address.of(Arrays.copyOfRange(in, at, at + Address.LENGTH));
      at += Address.LENGTH;
      return a;
    }

    /** Fails unless every byte was read. */
    public void end(String call) {
      if (at != in.length) {
        throw bad(call, "has " + (in.length - at) + " trailing bytes");
      }
    }

    private void need(String field, int bytes) {
      if (in.length - at < bytes) {
        throw bad(field, "needs " + bytes + " bytes, " + (in.length - at) + " left");
      }
    }

    private static ChainCodeException bad(String field, String why) {
      return new ChainCodeException(BAD_ARGS, field + " " + why);
    }
  }
}
