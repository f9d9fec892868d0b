package io.ledgerlab.lab.load;

import io.ledgerlab.lab.target.Op;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** The built-in workload kinds: {@code transfer}, {@code erc20}, {@code kv} and {@code noop}. */
public final class BuiltinWorkloads {
  private BuiltinWorkloads() {}

  /**
   * Transfers of 1 token. Senders take turns over the accounts (so each account's nonces arrive in
   * order); recipients are drawn with a hot spot: option {@code skew} is the Zipf exponent (0, the
   * default, is uniform; 1.0 sends about 13% of all transfers to the first account of 1000).
   */
  public static final class Transfer implements WorkloadProvider {
    @Override
    public Set<Class<? extends Op>> operations() {
      return Set.of(Op.Transfer.class);
    }

    @Override
    public String kind() {
      return "transfer";
    }

    @Override
    public Workload create(Context context, Map<String, String> options) {
      Options.allow(options, Set.of("skew"));
      return transfers(context, options, 0);
    }

    /**
     * Transfers of 1 token from senders in turn to Zipf-drawn recipients; a {@code approvals} share
     * of them, drawn from the seed, are approvals of the recipient instead.
     */
    static Workload transfers(Context context, Map<String, String> options, double approvals) {
      double skew = Options.number(options, "skew", 0);
      int n = context.accounts();
      Zipf recipients = new Zipf(n, skew);
      SplittableRandom random = new SplittableRandom(context.seed());
      return index -> {
        int sender = (int) (index % n);
        int to = recipients.draw(random);
        if (to == sender) {
          to = (to + 1) % n;
        }
        if (approvals > 0 && random.nextDouble() < approvals) {
          return new Op.Approve("approve", sender, to, 1 + random.nextInt(1000));
        }
        return new Op.Transfer("transfer", sender, to, 1);
      };
    }
  }

  /**
   * ERC-20 traffic: transfers as {@code transfer} makes them, and a share {@code approvals}
   * (default 0.25) of approvals of the recipient for 1 to 1000 tokens. Option {@code skew} as for
   * {@code transfer}.
   */
  public static final class Erc20 implements WorkloadProvider {
    @Override
    public Set<Class<? extends Op>> operations() {
      return Set.of(Op.Transfer.class, Op.Approve.class);
    }

    @Override
    public String kind() {
      return "erc20";
    }

    @Override
    public Workload create(Context context, Map<String, String> options) {
      Options.allow(options, Set.of("skew", "approvals"));
      double approvals = Options.number(options, "approvals", 0.25);
      if (!(approvals >= 0 && approvals <= 1)) {
        throw new IllegalArgumentException(
            "workload.options.approvals: expected a share from 0 to 1, got " + approvals);
      }
      return Transfer.transfers(context, options, approvals);
    }
  }

  /**
   * YCSB's core mixes on the {@code kv} chain code: option {@code mix} is {@code a} (50% reads, 50%
   * updates, the default), {@code b} (95/5) or {@code c} (reads only); {@code records} keys
   * (default 1000) drawn with Zipf exponent {@code skew} (default 0.99, YCSB's); {@code valueBytes}
   * (default 100). Reads are chain-code queries answered by one node; updates are transactions.
   */
  public static final class Kv implements WorkloadProvider {
    @Override
    public Set<Class<? extends Op>> operations() {
      return Set.of(Op.Put.class, Op.Get.class);
    }

    @Override
    public String kind() {
      return "kv";
    }

    @Override
    public Workload create(Context context, Map<String, String> options) {
      Options.allow(options, Set.of("mix", "records", "skew", "valueBytes"));
      String mix = options.getOrDefault("mix", "a").toLowerCase(java.util.Locale.ROOT);
      double readShare =
          switch (mix) {
            case "a" -> 0.5;
            case "b" -> 0.95;
            case "c" -> 1.0;
            default ->
                throw new IllegalArgumentException(
                    "workload.options.mix: expected a, b or c (YCSB), got '" + mix + "'");
          };
      int records = (int) Options.number(options, "records", 1000);
      int valueBytes = (int) Options.number(options, "valueBytes", 100);
      if (records < 1 || records > 10_000_000 || valueBytes < 1 || valueBytes > 4096) {
        throw new IllegalArgumentException(
            "workload.options: records must be in [1, 10000000] and valueBytes in [1, 4096]");
      }
      Zipf keys = new Zipf(records, Options.number(options, "skew", 0.99));
      SplittableRandom random = new SplittableRandom(context.seed());
      int n = context.accounts();
      long[] updates = {0};
      return index -> {
        byte[] key = ("user" + keys.draw(random)).getBytes(StandardCharsets.US_ASCII);
        if (random.nextDouble() < readShare) {
          return new Op.Get("read", key);
        }
        byte[] value = new byte[valueBytes];
        random.nextBytes(value);
        int sender = (int) (updates[0]++ % n);
        return new Op.Put("update", sender, key, value);
      };
    }
  }

  /**
   * The cheapest transaction that commits: a {@code kv} delete of a key that is never written. It
   * measures consensus and admission with almost no execution.
   */
  public static final class Noop implements WorkloadProvider {
    @Override
    public Set<Class<? extends Op>> operations() {
      return Set.of(Op.Delete.class);
    }

    private static final byte[] KEY = "noop".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String kind() {
      return "noop";
    }

    @Override
    public Workload create(Context context, Map<String, String> options) {
      Options.allow(options, Set.of());
      int n = context.accounts();
      return index -> new Op.Delete("noop", (int) (index % n), KEY);
    }
  }

  /**
   * Calls of one method of a user chain code, the senders taking turns: {@code chainCode} and
   * {@code method} (required), and {@code args} — {@code empty} (default), {@code u64} (a number
   * from 1 to 1000 drawn from the seed, 8 bytes big-endian), {@code index} (the operation's number,
   * 8 bytes) or {@code hex:<bytes>}. The call is not pinned to a version: it runs whatever version
   * is in force, across upgrades.
   */
  public static final class Call implements WorkloadProvider {
    private static final java.util.regex.Pattern NAME =
        java.util.regex.Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    @Override
    public Set<Class<? extends Op>> operations() {
      return Set.of(Op.Call.class);
    }

    @Override
    public String kind() {
      return "call";
    }

    @Override
    public Workload create(Context context, Map<String, String> options) {
      Options.allow(options, Set.of("chainCode", "method", "args"));
      String chainCode = name(options, "chainCode");
      String method = name(options, "method");
      String args = options.getOrDefault("args", "empty");
      SplittableRandom random = new SplittableRandom(context.seed());
      int n = context.accounts();
      java.util.function.LongFunction<byte[]> make = args(args);
      return index ->
          new Op.Call(
              method,
              (int) (index % n),
              chainCode,
              method,
              args.equals("u64") ? u64(1 + random.nextLong(1000)) : make.apply(index));
    }

    private static String name(Map<String, String> options, String key) {
      String v = options.get(key);
      if (v == null || !NAME.matcher(v).matches()) {
        throw new IllegalArgumentException(
            "workload.options."
                + key
                + ": expected a lower-case name such as 'auction', got "
                + (v == null ? "nothing" : "'" + v + "'"));
      }
      return v;
    }

    private static java.util.function.LongFunction<byte[]> args(String text) {
      if (text.equals("empty")) {
        return i -> new byte[0];
      }
      if (text.equals("index") || text.equals("u64")) {
        return Call::u64;
      }
      if (text.startsWith("hex:")) {
        try {
          byte[] fixed = java.util.HexFormat.of().parseHex(text.substring(4));
          return i -> fixed.clone();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "workload.options.args: expected hex digits after 'hex:', got '" + text + "'");
        }
      }
      throw new IllegalArgumentException(
          "workload.options.args: expected empty, u64, index or hex:<bytes>, got '" + text + "'");
    }

    private static byte[] u64(long v) {
      return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
  }

  /** Reading a workload's options. */
  static final class Options {
    private Options() {}

    static void allow(Map<String, String> options, Set<String> known) {
      for (String key : options.keySet()) {
        if (!known.contains(key)) {
          throw new IllegalArgumentException(
              "workload.options." + key + ": unknown option; expected one of " + known);
        }
      }
    }

    static double number(Map<String, String> options, String key, double fallback) {
      String v = options.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "workload.options." + key + ": expected a number, got '" + v + "'");
      }
    }
  }
}
