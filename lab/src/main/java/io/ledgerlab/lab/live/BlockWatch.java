package io.ledgerlab.lab.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The recent blocks of the chain as one node holds them: their times (block time from consecutive
 * heads) and their certificates' signers (who voted). Reads only blocks it has not seen, in one
 * JSON-RPC batch per refresh, and keeps the last {@link #BLOCKS_KEPT}.
 */
final class BlockWatch {
  static final int BLOCKS_KEPT = 100;
  static final int BLOCKS_PER_REFRESH_MAX = 25;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A committed block: its time, and the validator addresses whose precommits certify it. */
  record Block(long height, long timeMicros, String proposer, int round, List<String> signers) {
    boolean certified() {
      return signers != null;
    }
  }

  private final Deque<Block> blocks = new ArrayDeque<>();

  /** The highest height read so far, or 0. */
  long lastHeight() {
    return blocks.isEmpty() ? 0 : blocks.peekLast().height();
  }

  /**
   * Reads from {@code client} the blocks above the last one seen up to {@code head}, at most {@link
   * #BLOCKS_PER_REFRESH_MAX}; a chain far ahead is followed from its recent end.
   */
  void follow(NodeClient client, long head) throws RpcException {
    long from = Math.max(lastHeight() + 1, Math.max(1, head - BLOCKS_KEPT + 1));
    long to = Math.min(head, from + BLOCKS_PER_REFRESH_MAX - 1);
    if (to < from) {
      return;
    }
    List<JsonNode> params = new ArrayList<>();
    for (long h = from; h <= to; h++) {
      params.add(JSON.createObjectNode().put("height", h).put("encoded", false));
    }
    for (JsonNode b : client.callBatch("block_get", params)) {
      if (b.has("error")) {
        return; // Not there yet (or gone): the next refresh asks again from here.
      }
      add(parse(b));
    }
  }

  void add(Block b) {
    if (b.height() <= lastHeight()) {
      return;
    }
    blocks.addLast(b);
    while (blocks.size() > BLOCKS_KEPT) {
      blocks.removeFirst();
    }
  }

  static Block parse(JsonNode b) {
    JsonNode cert = b.path("certificate");
    List<String> signers = null;
    if (cert.isObject()) {
      signers = new ArrayList<>();
      for (JsonNode s : cert.path("signers")) {
        signers.add(s.asText());
      }
    }
    return new Block(
        b.path("height").asLong(),
        b.path("timeMicros").asLong(),
        b.path("proposer").asText(""),
        cert.path("round").asInt(0),
        signers);
  }

  /** The interval between the two highest consecutive blocks, in microseconds. */
  Optional<Long> latestIntervalMicros() {
    List<Long> intervals = intervals(2);
    return intervals.isEmpty() ? Optional.empty() : Optional.of(intervals.get(0));
  }

  /** The mean interval between consecutive blocks over the last {@code blocks} blocks. */
  Optional<Double> meanIntervalMicros(int count) {
    List<Long> intervals = intervals(count);
    return intervals.stream().mapToLong(Long::longValue).average().stream().boxed().findFirst();
  }

  /** Intervals between consecutive heights among the last {@code count} blocks, newest first. */
  private List<Long> intervals(int count) {
    List<Block> recent = recent(count);
    List<Long> out = new ArrayList<>();
    for (int i = recent.size() - 1; i > 0; i--) {
      Block b = recent.get(i);
      Block a = recent.get(i - 1);
      if (b.height() == a.height() + 1) {
        out.add(b.timeMicros() - a.timeMicros());
      }
    }
    return out;
  }

  /** The last {@code count} blocks read, oldest first. */
  List<Block> recent(int count) {
    List<Block> all = new ArrayList<>(blocks);
    return all.subList(Math.max(0, all.size() - count), all.size());
  }
}
