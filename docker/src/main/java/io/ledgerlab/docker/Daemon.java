package io.ledgerlab.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local Docker daemon, through its API on the unix socket ({@code DOCKER_HOST} when set), and
 * the labels by which everything the lab makes there is found again and removed: every container,
 * network and image carries {@value #LABEL}; a run's also carry its run and the lab's process.
 */
public final class Daemon {
  /** On everything the lab makes. */
  public static final String LABEL = "io.ledgerlab";

  /** The run directory a container or network belongs to. */
  public static final String RUN = "io.ledgerlab.run";

  /**
   * The lab process that made it, as "pid-startMillis", so that a dead lab's leftovers are seen.
   */
  public static final String OWNER = "io.ledgerlab.owner";

  /** The node a container runs. */
  public static final String NODE = "io.ledgerlab.node";

  private static final int REMOVE_ROUNDS = 10;

  private Daemon() {}

  /**
   * A client of the daemon, checked with a ping.
   *
   * @throws IOException saying how to get a daemon when none answers
   */
  public static DockerClient connect() throws IOException {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    DockerHttpClient http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(64)
            .connectionTimeout(Duration.ofSeconds(5))
            .build();
    DockerClient docker = DockerClientImpl.getInstance(config, http);
    try {
      docker.pingCmd().exec();
    } catch (RuntimeException e) {
      close(docker);
      throw new IOException(
          "no Docker daemon answers at "
              + config.getDockerHost()
              + " ("
              + rootCause(e)
              + "); the docker engine needs one: apt-get install docker.io, then start dockerd"
              + " (as root), or set DOCKER_HOST",
          e);
    }
    return docker;
  }

  /** This lab process, as containers and networks name their owner. */
  public static String self() {
    ProcessHandle me = ProcessHandle.current();
    long started = me.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    return me.pid() + "-" + started;
  }

  /** The owner of a network brought up by {@code ledgerlab up}: it outlives the lab on purpose. */
  public static final String DETACHED = "detached";

  /**
   * Whether the lab process an {@link #OWNER} label names is still running; a detached network (and
   * any owner that does not name a process) counts as alive: only {@code down} removes it.
   */
  static boolean alive(String owner) {
    String[] parts = owner == null ? new String[0] : owner.split("-");
    if (parts.length != 2) {
      return true;
    }
    try {
      long pid = Long.parseLong(parts[0]);
      long started = Long.parseLong(parts[1]);
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .flatMap(p -> p.info().startInstant())
          .map(i -> i.toEpochMilli() == started)
          .orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Removes the containers (with their anonymous volumes), then the networks and volumes, that
   * carry every label in {@code labels}; returns what it removed, by kind and name.
   */
  public static List<String> removeLabelled(DockerClient docker, Map<String, String> labels) {
    return removeLabelled(
        docker, labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  /**
   * As {@link #removeLabelled(DockerClient, Map)}, with labels as Docker filters: {@code key} (any
   * value) or {@code key=value}. Removal races with whatever else stops the same containers (a
   * Ctrl-C handler, the daemon finishing a stop), so each item that fails is tried again in the
   * next of a few rounds rather than ending the sweep.
   */
  public static List<String> removeLabelled(DockerClient docker, List<String> filter) {
    List<String> removed = new ArrayList<>();
    for (int round = 0; round < REMOVE_ROUNDS; round++) {
      boolean left = false;
      for (Container c :
          docker.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec()) {
        try {
          docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
          removed.add("container " + name(c));
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
          // Gone already.
        } catch (com.github.dockerjava.api.exception.DockerException e) {
          left = true; // being removed by someone else, or still stopping: next round
        }
      }
      for (var n : docker.listNetworksCmd().withFilter("label", filter).exec()) {
        try {
          docker.removeNetworkCmd(n.getId()).exec();
          removed.add("network " + n.getName());
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
          // Gone already.
        } catch (com.github.dockerjava.api.exception.DockerException e) {
          left = true; // a container still attached: next round
        }
      }
      var volumes = docker.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
      for (var v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
        try {
          docker.removeVolumeCmd(v.getName()).exec();
          removed.add("volume " + v.getName());
        } catch (com.github.dockerjava.api.exception.DockerException e) {
          left = true;
        }
      }
      if (!left) {
        break;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return removed;
  }

  /**
   * The containers and networks carrying {@code label} ("key" or "key=value"), by kind and name.
   */
  public static List<String> labelled(DockerClient docker, String label) {
    List<String> out = new ArrayList<>();
    for (Container c :
        docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()) {
      out.add("container " + name(c));
    }
    for (var n : docker.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
      out.add("network " + n.getName());
    }
    return out;
  }

  /** Removes what labs that are no longer running left behind; returns what it removed. */
  public static List<String> sweepStale(DockerClient docker) {
    java.util.Set<String> dead = new java.util.TreeSet<>();
    for (Container c :
        docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(OWNER)).exec()) {
      dead.add(c.getLabels().get(OWNER));
    }
    for (var n : docker.listNetworksCmd().withFilter("label", List.of(OWNER)).exec()) {
      dead.add(n.getLabels().get(OWNER));
    }
    dead.removeIf(Daemon::alive);
    List<String> removed = new ArrayList<>();
    for (String owner : dead) {
      removed.addAll(removeLabelled(docker, Map.of(OWNER, owner)));
    }
    return removed;
  }

  private static String name(Container c) {
    return c.getNames() == null || c.getNames().length == 0
        ? c.getId().substring(0, 12)
        : c.getNames()[0].replaceFirst("^/", "");
  }

  static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** Closes a client, ignoring what closing throws. */
  public static void close(DockerClient docker) {
    try {
      docker.close();
    } catch (IOException e) {
      // Closing the socket of a client we are done with.
    }
  }
}
