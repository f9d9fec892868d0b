package io.ledgerlab.ledger.codec;

/** The first byte of every top-level encoding: which kind of value follows. */
public final class TypeTag {
  public static final int TRANSACTION = 0x01;
  public static final int BLOCK_HEADER = 0x02;
  public static final int BLOCK = 0x03;
  public static final int RECEIPT = 0x04;
  public static final int ACCOUNT = 0x05;
  public static final int CHAIN_HEAD = 0x06;
  public static final int TRIE_NODE = 0x07;
  public static final int GENESIS = 0x08;
  public static final int PROPOSAL_CONTENT = 0x09;
  public static final int PROPOSAL_RECORD = 0x0a;

  private TypeTag() {}
}
