package io.ledgerlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.NetworkUp;
import io.ledgerlab.lab.process.RunFiles;
import io.ledgerlab.lab.process.SupervisorClient;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The process engine's costs: the time from {@code ledgerlab up} to the first committed block, and
 * each node process's resident memory idle and under a transfer load. Prints one table row per
 * network size. Run through {@code bench/process-up.sh}.
 */
public final class ProcessUpBench {
  private ProcessUpBench() {}

  public static void main(String[] args) throws Exception {
    int[] sizes =
        Arrays.stream(arg(args, "--validators", "4,16").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int loadSeconds = Integer.parseInt(arg(args, "--load-seconds", "20"));
    int rate = Integer.parseInt(arg(args, "--rate", "200"));
    int repeats = Integer.parseInt(arg(args, "--repeats", "3"));
    Path base = Files.createTempDirectory("ledgerlab-up-bench");
    List<String> rows = new ArrayList<>();
    for (int v : sizes) {
      for (int r = 0; r < repeats; r++) {
        rows.add(run(base.resolve("v" + v + "-" + r), v, loadSeconds, rate, r == repeats - 1));
      }
    }
    System.out.println();
    System.out.println(
        "| validators | up → first block | RSS idle (median / max MB) | RSS at "
            + rate
            + " tx/s (median / max MB) | committed |");
    System.out.println("|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  private static String run(Path dir, int validators, int loadSeconds, int rate, boolean load)
      throws Exception {
    String manifest =
        "name: bench\nvalidators: " + validators + "\naccounts: 1000\nblockInterval: 500ms\n";
    Network network = ManifestParser.parse("bench.yaml", manifest);
    RunLayout run = new RunLayout(dir);
    NetworkUp.Result up =
        NetworkUp.up(
            run,
            network,
            manifest,
            Duration.ofSeconds(180),
            line -> System.err.println("  " + line));
    SupervisorClient supervisor = new SupervisorClient(run);
    try {
      double firstBlock = up.firstBlock().toNanos() / 1e9;
      System.err.printf("%d validators: first block after %.2f s%n", validators, firstBlock);
      if (!load) {
        return String.format(Locale.ROOT, "| %d | %.2f s | | | |", validators, firstBlock);
      }
      Thread.sleep(5_000);
      Map<String, Long> pids = pids(supervisor);
      long[] idle = rss(pids.values());
      long[] peak = new long[pids.size()];
      long committed =
          load(run, network, pids.keySet(), up.status(), loadSeconds, rate, pids, peak);
      return String.format(
          Locale.ROOT,
          "| %d | %.2f s | %d / %d | %d / %d | %d |",
          validators,
          firstBlock,
          median(idle),
          max(idle),
          median(peak),
          max(peak),
          committed);
    } finally {
      supervisor.down(Duration.ofSeconds(5));
    }
  }

  /**
   * Open-loop transfers at {@code rate} for {@code seconds}, sampling every node's RSS each second.
   */
  private static long load(
      RunLayout run,
      Network network,
      java.util.Set<String> nodes,
      JsonNode status,
      int seconds,
      int rate,
      Map<String, Long> pids,
      long[] peak)
      throws IOException, InterruptedException, RpcException {
    List<KeyPair> accounts = RunFiles.accounts(run);
    List<NodeClient> clients = new ArrayList<>();
    for (JsonNode n : status.path("nodes")) {
      clients.add(NodeClient.of(n.path("name").asText(), n.path("rpc").asText()));
    }
    long[] nonces = new long[accounts.size()];
    int total = seconds * rate;
    long start = System.nanoTime();
    long nextSample = start;
    int accepted = 0;
    Transaction last = null;
    for (int i = 0; i < total; i++) {
      long intended = start + (long) (i * 1e9 / rate);
      long now = System.nanoTime();
      if (intended > now) {
        Thread.sleep((intended - now) / 1_000_000, (int) ((intended - now) % 1_000_000));
      }
      int from = i % accounts.size();
      Transaction tx =
          Transaction.sign(
              network.chainId(),
              accounts.get(from),
              nonces[from]++,
              new Payload.Transfer(accounts.get((from + 1) % accounts.size()).address(), 1));
      if (clients.get(i % clients.size()).submit(tx).accepted()) {
        accepted++;
        last = tx;
      }
      if (System.nanoTime() >= nextSample) {
        long[] now2 = rss(pids.values());
        for (int k = 0; k < peak.length; k++) {
          peak[k] = Math.max(peak[k], now2[k]);
        }
        nextSample += 1_000_000_000L;
      }
    }
    if (last != null) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < deadline && !clients.get(0).tx(last.hash()).committed()) {
        Thread.sleep(100);
      }
    }
    return clients.get(0).head().height() > 0 ? accepted : 0;
  }

  private static Map<String, Long> pids(SupervisorClient supervisor) throws IOException {
    Map<String, Long> pids = new LinkedHashMap<>();
    JsonNode state = supervisor.state().orElseThrow();
    state
        .path("nodes")
        .fields()
        .forEachRemaining(e -> pids.put(e.getKey(), e.getValue().path("pid").asLong()));
    return pids;
  }

  /** Resident set size of each process in MB, from /proc. */
  private static long[] rss(java.util.Collection<Long> pids) throws IOException {
    long[] out = new long[pids.size()];
    int i = 0;
    for (long pid : pids) {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          out[i] = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
      i++;
    }
    return out;
  }

  private static long median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static long max(long[] v) {
    return Arrays.stream(v).max().orElse(0);
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
