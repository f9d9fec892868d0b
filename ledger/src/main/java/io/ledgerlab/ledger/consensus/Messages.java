package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Signature;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of {@link Message}: a tag byte, a version byte, the fields. Decoding is strict
 * and bounded like every other decoder: a peer's garbage is a {@link DecodeException}, never a
 * crash or a large allocation.
 */
public final class Messages {
  public static final int VERSION = 1;
  public static final int SYNC_BLOCKS_MAX = 64;
  private static final int PROPOSAL = 0x21;
  private static final int VOTE = 0x22;
  private static final int TX = 0x23;
  private static final int STATUS = 0x24;
  private static final int SYNC_REQUEST = 0x25;
  private static final int SYNC_RESPONSE = 0x26;
  private static final int HELLO = 0x27;

  private Messages() {}

  public static byte[] encode(Message message) {
    Encoder out = new Encoder(256);
    if (message instanceof Message.ProposalMsg p) {
      out.u8(PROPOSAL).u8(VERSION);
      Proposal proposal = p.proposal();
      out.u64(proposal.height()).u32(proposal.round()).u32(proposal.polRound() + 1L);
      out.fixed(proposal.signature().bytes());
      out.bytes(proposal.block().encode(), Integer.MAX_VALUE);
    } else if (message instanceof Message.VoteMsg v) {
      out.u8(VOTE).u8(VERSION);
      v.vote().encode(out);
    } else if (message instanceof Message.TxMsg t) {
      out.u8(TX).u8(VERSION);
      t.tx().encodeTo(out);
    } else if (message instanceof Message.Status s) {
      out.u8(STATUS).u8(VERSION).u64(s.height());
    } else if (message instanceof Message.SyncRequest r) {
      out.u8(SYNC_REQUEST).u8(VERSION).u64(r.fromHeight()).u32(r.maxBlocks());
    } else if (message instanceof Message.SyncResponse r) {
      out.u8(SYNC_RESPONSE).u8(VERSION).count(r.blocks().size(), SYNC_BLOCKS_MAX);
      for (Message.CertifiedBlock cb : r.blocks()) {
        out.bytes(cb.block().encode(), Integer.MAX_VALUE);
        cb.certificate().encodeTo(out);
      }
    } else if (message instanceof Message.Hello h) {
      out.u8(HELLO).u8(VERSION).string(h.version(), Message.Hello.VERSION_BYTES_MAX);
      out.u8(h.reply() ? 1 : 0);
    }
    return out.toByteArray();
  }

  public static Message decode(byte[] bytes) throws DecodeException {
    Decoder in = new Decoder(bytes);
    int at = in.offset();
    int tag = in.u8("message.type");
    int version = in.u8("message.version");
    if (version != VERSION) {
      throw new DecodeException(
          DecodeException.Kind.UNKNOWN_VERSION, "message.version", at + 1, "version " + version);
    }
    Message message;
    switch (tag) {
      case PROPOSAL:
        message = proposal(in);
        break;
      case VOTE:
        message = new Message.VoteMsg(Vote.decode(in, "vote"));
        break;
      case TX:
        message = new Message.TxMsg(Transaction.decode(in));
        break;
      case STATUS:
        message = new Message.Status(in.u64("status.height"));
        break;
      case SYNC_REQUEST:
        message =
            new Message.SyncRequest(
                in.u64("sync.fromHeight"),
                (int) Math.min(in.u32("sync.maxBlocks"), SYNC_BLOCKS_MAX));
        break;
      case SYNC_RESPONSE:
        message = syncResponse(in);
        break;
      case HELLO:
        message = hello(in);
        break;
      default:
        throw new DecodeException(
            DecodeException.Kind.UNKNOWN_TYPE, "message.type", at, "no message type " + tag);
    }
    in.end("message");
    return message;
  }

  private static Message proposal(Decoder in) throws DecodeException {
    long height = in.u64("proposal.height");
    int round = round(in, "proposal.round");
    int polRound = round(in, "proposal.polRound") - 1;
    Signature sig = Signature.of(in.fixed("proposal.signature", Signature.LENGTH));
    Block block = Block.decode(in.bytes("proposal.block", BLOCK_BYTES_MAX));
    return new Message.ProposalMsg(new Proposal(height, round, polRound, block, sig));
  }

  private static Message syncResponse(Decoder in) throws DecodeException {
    int n = in.count("sync.blocks", SYNC_BLOCKS_MAX, 100);
    List<Message.CertifiedBlock> blocks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Block block = Block.decode(in.bytes("sync.blocks[" + i + "].block", BLOCK_BYTES_MAX));
      blocks.add(
          new Message.CertifiedBlock(
              block, CommitCertificate.decodeFrom(in, "sync.blocks[" + i + "].certificate")));
    }
    return new Message.SyncResponse(blocks);
  }

  private static Message hello(Decoder in) throws DecodeException {
    int at = in.offset();
    String version = in.string("hello.version", Message.Hello.VERSION_BYTES_MAX);
    if (!Message.Hello.isVersion(version)) {
      throw new DecodeException(
          DecodeException.Kind.INVALID_VALUE,
          "hello.version",
          at,
          "a version is 1-" + Message.Hello.VERSION_BYTES_MAX + " of A-Z a-z 0-9 . _ + / -");
    }
    at = in.offset();
    int reply = in.u8("hello.reply");
    if (reply > 1) {
      throw new DecodeException(
          DecodeException.Kind.INVALID_VALUE, "hello.reply", at, "expected 0 or 1, got " + reply);
    }
    return new Message.Hello(version, reply == 1);
  }

  private static int round(Decoder in, String field) throws DecodeException {
    int at = in.offset();
    long r = in.u32(field);
    if (r > 1_000_000) {
      throw new DecodeException(
          DecodeException.Kind.OUT_OF_RANGE, field, at, "round " + r + " is beyond 1000000");
    }
    return (int) r;
  }

  /** The largest encoded block a peer may send: the codec's own ceiling on a block. */
  public static final int BLOCK_BYTES_MAX = 32 * 1024 * 1024;
}
