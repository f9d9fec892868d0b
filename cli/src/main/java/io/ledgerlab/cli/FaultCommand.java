package io.ledgerlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Units;
import io.ledgerlab.lab.process.SupervisorClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledgerlab fault ...}: break a running network by hand. */
@Command(
    name = "fault",
    description = "Inject a fault into the current run, or heal it.",
    footer = {
      "",
      "Faults:",
      "  partition n0,n1 n2,n3     split the network into groups (nodes not named form one more)",
      "  isolate n0                cut one node off from every other",
      "  cut n0 n1                 one-way: n1 stops hearing n0; n0 still hears n1",
      "  bridge n0 n2,n3           two sides cut from each other; nodes in neither (n1) see both",
      "  delay 200ms [--jitter 50ms] [--nodes n0,n1]   add latency to links",
      "  loss 0.05 [--nodes ...]   reset connections with this probability per chunk",
      "  stall [--nodes ...]       hold every byte on the links until healed",
      "  bandwidth 64KiB [--nodes ...]   cap each link's bytes per second",
      "  kill n0                   SIGKILL (a crash); bring it back with: start n0",
      "  stop n0 | start n0 | restart n0   graceful stop (SIGTERM), start, both",
      "  pause n0 | resume n0      SIGSTOP / SIGCONT",
      "  skew n0 +5s               offset the node's clock",
      "  upgrade n0 v2             rolling-upgrade step: stop, swap to version v2, start",
      "  heal                      undo every fault in force: links, pauses, stops, clocks",
      "",
      "Faults compose: each stays in force until 'heal' (or, for a node, 'start'/'resume'), and",
      "a node held down or paused by two faults comes back when both are gone. The power-loss",
      "'crash' (unsynced writes lost) exists only in the simulator.",
    },
    mixinStandardHelpOptions = true)
final class FaultCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FAULT", description = "The fault; see the list below.")
  String action;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "The fault's arguments.")
  List<String> args = new ArrayList<>();

  @Option(names = "--nodes", split = ",", description = "Link faults: only links of these nodes.")
  List<String> nodes = new ArrayList<>();

  @Option(names = "--jitter", defaultValue = "0ms", description = "delay: jitter on top.")
  String jitter;

  @Option(names = "--run-dir", description = "The run. Default: the current run (runs/current).")
  Path runDir;

  @Override
  public Integer call() {
    ObjectNode request = request();
    RunLayout run = new RunLayout(RunDirs.resolve(runDir));
    if (io.ledgerlab.docker.DockerUp.isDockerRun(run)) {
      spec.commandLine()
          .getErr()
          .println(
              "ledgerlab fault: "
                  + run.root()
                  + " runs on docker, with no supervisor to take faults; put faults on containers"
                  + " in a scenario: ledgerlab run <scenario> --engine docker");
      return ExitCode.USAGE;
    }
    try {
      String done = new SupervisorClient(run).fault(request);
      spec.commandLine().getOut().println(done);
      return ExitCode.OK;
    } catch (IOException e) {
      spec.commandLine().getErr().println("ledgerlab fault: " + e.getMessage());
      return ExitCode.CRASH;
    }
  }

  private ObjectNode request() {
    ObjectNode r = JSON.createObjectNode().put("action", action);
    switch (action) {
      case "partition", "bridge" -> {
        expect(2, action.equals("bridge") ? 2 : Integer.MAX_VALUE, action + " n0,n1 n2,n3");
        ArrayNode groups = r.putArray("groups");
        for (String g : args) {
          ArrayNode group = groups.addArray();
          for (String n : g.split(",")) {
            group.add(n.trim());
          }
        }
      }
      case "isolate", "kill", "stop", "start", "restart", "pause", "resume" -> {
        expect(1, 1, action + " n0");
        r.put("node", args.get(0));
      }
      case "upgrade" -> {
        expect(2, 2, "upgrade n0 v2");
        r.put("node", args.get(0)).put("to", args.get(1));
      }
      case "cut" -> {
        expect(2, 2, "cut n0 n1");
        r.put("from", args.get(0)).put("to", args.get(1));
      }
      case "delay" -> {
        expect(1, 1, "delay 200ms [--jitter 50ms]");
        r.put("latencyMicros", duration(args.get(0)));
        r.put("jitterMicros", duration(jitter));
        nodes(r);
      }
      case "loss" -> {
        expect(1, 1, "loss 0.05");
        try {
          r.put("probability", Double.parseDouble(args.get(0)));
        } catch (NumberFormatException e) {
          throw usage("loss: expected a probability such as 0.05, got '" + args.get(0) + "'");
        }
        nodes(r);
      }
      case "stall" -> {
        expect(0, 0, "stall [--nodes n0]");
        nodes(r);
      }
      case "bandwidth" -> {
        expect(1, 1, "bandwidth 64KiB");
        r.put(
            "bytesPerSecond",
            Units.bytes(args.get(0))
                .orElseThrow(
                    () ->
                        usage(
                            "bandwidth: expected bytes per second such as 64KiB, got '"
                                + args.get(0)
                                + "'")));
        nodes(r);
      }
      case "skew" -> {
        expect(2, 2, "skew n0 +5s");
        String offset = args.get(1);
        boolean negative = offset.startsWith("-");
        long micros = duration(offset.replaceFirst("^[+-]", ""));
        r.put("node", args.get(0)).put("offsetMicros", negative ? -micros : micros);
      }
      case "heal" -> expect(0, 0, "heal");
      default ->
          throw usage("unknown fault '" + action + "'; see 'ledgerlab fault --help' for the list");
    }
    return r;
  }

  private void nodes(ObjectNode r) {
    ArrayNode list = r.putArray("nodes");
    nodes.forEach(list::add);
  }

  private long duration(String text) {
    return Units.durationMicros(text)
        .orElseThrow(() -> usage("expected a duration such as 200ms, got '" + text + "'"));
  }

  private void expect(int min, int max, String example) {
    if (args.size() < min || args.size() > max) {
      throw usage("usage: ledgerlab fault " + example);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
