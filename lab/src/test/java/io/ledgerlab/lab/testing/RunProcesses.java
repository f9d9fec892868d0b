package io.ledgerlab.lab.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a test's runs: every live process whose command line names the test's directory
 * (a node's {@code --config <dir>/.../config.yaml}), remembered by handle each time it is looked
 * for, so that a test can prove by PID that none outlives it and stop those that do. A handle,
 * unlike a number, is never confused with another process that later gets the same PID.
 */
public final class RunProcesses {
  private final String root;
  private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();

  public RunProcesses(Path dir) {
    this.root = dir.toAbsolutePath().normalize().toString();
  }

  /** Every process seen so far, and any other naming the directory now, that is still alive. */
  public synchronized List<Long> alive() {
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(this::namesTheDirectory)
        .forEach(p -> seen.putIfAbsent(p.pid(), p));
    return seen.values().stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
  }

  /** SIGKILLs every process still alive and waits up to {@code timeout}; returns those left. */
  public List<Long> killAll(Duration timeout) throws InterruptedException {
    List<ProcessHandle> left;
    synchronized (this) {
      alive();
      left = seen.values().stream().filter(ProcessHandle::isAlive).toList();
    }
    left.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (left.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return left.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
  }

  private boolean namesTheDirectory(ProcessHandle p) {
    return p.info().arguments().stream()
        .flatMap(Arrays::stream)
        .anyMatch(a -> a.equals(root) || a.startsWith(root + "/"));
  }
}
