package io.ledgerlab.lab.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.lab.process.FaultCommands;
import io.ledgerlab.lab.process.NodeProcess;
import io.ledgerlab.lab.process.ProcessNetwork;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Injects a scenario's faults on time during the load phase — the timed schedule and the random
 * nemesis drawn from the seed — undoes each after its duration, and at the end heals everything:
 * links restored, paused nodes resumed, stopped nodes started, clocks reset.
 */
final class FaultDriver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One action at a time of the load phase. */
  private record Action(
      long atMicros, ObjectNode request, String fault, String target, boolean opens) {}

  private final ProcessNetwork net;
  private final FaultWindows windows;
  private final EventLog log;
  private final DoubleSupplier now;
  private final Consumer<String> console;
  private Thread thread;
  private volatile boolean running = true;

  FaultDriver(
      ProcessNetwork net,
      FaultWindows windows,
      EventLog log,
      DoubleSupplier now,
      Consumer<String> console) {
    this.net = net;
    this.windows = windows;
    this.log = log;
    this.now = now;
    this.console = console;
  }

  void start(
      List<Scenario.FaultStep> schedule,
      Optional<Scenario.NemesisSpec> nemesis,
      long seed,
      Network network,
      long loadMicros) {
    List<Action> actions = new ArrayList<>();
    for (Scenario.FaultStep s : schedule) {
      add(actions, s.atMicros(), s.forMicros(), s.request(), s.undo(), s.label(), loadMicros);
    }
    nemesis.ifPresent(n -> drawNemesis(actions, n, seed, network, loadMicros));
    actions.sort(Comparator.comparingLong(Action::atMicros));
    long startNanos = System.nanoTime();
    thread =
        new Thread(
            () -> {
              for (Action a : actions) {
                long wait = startNanos + a.atMicros() * 1_000 - System.nanoTime();
                try {
                  if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                  }
                } catch (InterruptedException e) {
                  return;
                }
                if (!running) {
                  return;
                }
                apply(a);
              }
            },
            "fault-driver");
    thread.setDaemon(true);
    thread.start();
  }

  private void add(
      List<Action> actions,
      long at,
      long lasts,
      ObjectNode request,
      ObjectNode undo,
      String label,
      long loadMicros) {
    String fault = request.path("action").asText();
    String target = label.substring(Math.min(label.length(), fault.length())).trim();
    actions.add(new Action(at, request, fault, target, true));
    if (lasts > 0 && at + lasts < loadMicros) {
      actions.add(new Action(at + lasts, undo, fault, target, false));
    }
  }

  /** Random faults of the profile's kinds, one every interval, each lasting half of it. */
  private void drawNemesis(
      List<Action> actions, Scenario.NemesisSpec n, long seed, Network network, long loadMicros) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x6e656d65L);
    List<String> names = network.nodes().stream().map(Network.NodeSpec::name).toList();
    List<String> kinds = kinds(n.profile());
    for (long at = n.intervalMicros() / 2; at < loadMicros; at += n.intervalMicros()) {
      String kind = kinds.get(random.nextInt(kinds.size()));
      String node = names.get(random.nextInt(names.size()));
      ObjectNode request = JSON.createObjectNode().put("action", kind);
      ObjectNode undo = JSON.createObjectNode().put("action", "heal");
      String label;
      switch (kind) {
        case "kill", "pause" -> {
          request.put("node", node);
          undo =
              JSON.createObjectNode()
                  .put("action", kind.equals("kill") ? "start" : "resume")
                  .put("node", node);
          label = kind + " " + node;
        }
        case "partition" -> {
          List<String> shuffled = new ArrayList<>(names);
          java.util.Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
          int cut = 1 + random.nextInt(Math.max(1, shuffled.size() - 1));
          var groups = request.putArray("groups");
          var a = groups.addArray();
          var b = groups.addArray();
          shuffled.subList(0, cut).forEach(a::add);
          shuffled.subList(cut, shuffled.size()).forEach(b::add);
          label =
              "partition "
                  + String.join(",", shuffled.subList(0, cut))
                  + "|"
                  + String.join(",", shuffled.subList(cut, shuffled.size()));
        }
        case "skew" -> {
          long offset = (random.nextInt(10) - 5) * 1_000_000L;
          request.put("node", node).put("offsetMicros", offset);
          undo =
              JSON.createObjectNode()
                  .put("action", "skew")
                  .put("node", node)
                  .put("offsetMicros", 0);
          label = "skew " + node + " " + offset / 1_000_000 + "s";
        }
        default -> throw new IllegalStateException(kind);
      }
      add(actions, at, n.intervalMicros() / 2, request, undo, label, loadMicros);
    }
  }

  private static List<String> kinds(FaultProfile profile) {
    return switch (profile) {
      case PARTITIONS -> List.of("partition");
      case CRASHES -> List.of("kill", "pause");
      case CLOCK_SKEW -> List.of("skew");
      case ALL -> List.of("partition", "kill", "pause", "skew");
      case NONE -> List.of();
    };
  }

  private void apply(Action a) {
    try {
      String done = FaultCommands.apply(net, a.request());
      if (a.opens()) {
        windows.opened(a.fault(), a.target(), now.getAsDouble());
      } else {
        windows.closed(a.fault(), a.target(), now.getAsDouble());
      }
      console.accept(String.format("[%.1fs] %s", now.getAsDouble(), done));
    } catch (IOException | RpcException | RuntimeException e) {
      log.warn(
          "lab.fault.failed",
          Map.of(
              "fault", a.fault(), "target", a.target(), "reason", String.valueOf(e.getMessage())));
      console.accept("fault " + a.fault() + " " + a.target() + " failed: " + e.getMessage());
    }
  }

  /** Stops injecting and repairs everything the faults broke. */
  void stopAndHeal() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    net.heal();
    for (String node : net.names()) {
      try {
        // Clocks first: a node restarted below reads its offset from its config.
        net.skew(node, net.network().node(node).clockOffsetMicros());
      } catch (IOException | RpcException e) {
        console.accept("resetting " + node + "'s clock failed: " + e.getMessage());
      }
    }
    for (String node : net.names()) {
      NodeProcess.State state = net.process(node).state();
      if (state == NodeProcess.State.KILLED
          || state == NodeProcess.State.STOPPED
          || state == NodeProcess.State.EXITED) {
        try {
          net.restart(node);
        } catch (IOException e) {
          console.accept("restarting " + node + " failed: " + e.getMessage());
        }
      }
    }
    windows.closed(null, null, now.getAsDouble());
    console.accept(
        String.format(
            "[%.1fs] healed: links restored, nodes running, clocks reset", now.getAsDouble()));
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
