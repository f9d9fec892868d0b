package io.ledgerlab.lab.nemesis;

import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.NodeEvent;
import io.ledgerlab.lab.engine.NodeStatus;
import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.target.ChainClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** An engine that only remembers the state it was told to put into effect: for unit tests. */
final class RecordingEngine implements Engine {
  final Map<String, NodeStatus> status = new LinkedHashMap<>();
  final Map<String, Long> offsets = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();
  Map<Link, LinkState> links = Map.of();
  Set<FaultKind> kinds = EnumSet.allOf(FaultKind.class);

  RecordingEngine(String... nodes) {
    for (String n : nodes) {
      status.put(n, NodeStatus.RUNNING);
      offsets.put(n, 0L);
    }
  }

  LinkState link(String from, String to) {
    return links.getOrDefault(new Link(from, to), LinkState.NONE);
  }

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public Set<FaultKind> faults() {
    return kinds;
  }

  @Override
  public Timeline timeline() {
    throw new UnsupportedOperationException("no time in this unit test");
  }

  @Override
  public List<String> nodes() {
    return List.copyOf(status.keySet());
  }

  @Override
  public ChainClient client(String node) {
    throw new UnsupportedOperationException("no clients in this unit test");
  }

  @Override
  public NodeStatus status(String node) {
    return status.get(node);
  }

  private void set(String call, String node, NodeStatus s) {
    calls.add(call + " " + node);
    status.put(node, s);
  }

  @Override
  public void kill(String node) {
    set("kill", node, NodeStatus.DOWN);
  }

  @Override
  public void crash(String node) {
    set("crash", node, NodeStatus.DOWN);
  }

  @Override
  public void stop(String node) {
    set("stop", node, NodeStatus.DOWN);
  }

  @Override
  public void start(String node) {
    set("start", node, NodeStatus.RUNNING);
  }

  @Override
  public void pause(String node) {
    set("pause", node, NodeStatus.PAUSED);
  }

  @Override
  public void resume(String node) {
    set("resume", node, NodeStatus.RUNNING);
  }

  @Override
  public void checkVersion(String version) {
    if (!version.startsWith("v")) {
      throw new IllegalArgumentException("no version named '" + version + "'");
    }
  }

  @Override
  public void setVersion(String node, String version) {
    if (status.get(node).alive()) {
      throw new IllegalStateException(node + " is running");
    }
    calls.add("version " + node + " " + version);
  }

  @Override
  public void setClockOffset(String node, long offsetMicros) {
    offsets.put(node, offsetMicros);
  }

  @Override
  public void setLinks(Map<Link, LinkState> links) {
    this.links = Map.copyOf(links);
  }

  @Override
  public void onNodeEvent(Consumer<NodeEvent> listener) {}

  @Override
  public List<Path> logFiles() {
    return List.of();
  }

  @Override
  public void close() {}
}
