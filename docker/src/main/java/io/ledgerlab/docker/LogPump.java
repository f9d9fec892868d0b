package io.ledgerlab.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A container's output, copied into the run directory as it is written ({@code logs/<node>.out}),
 * so that {@code ledgerlab logs --follow} and the report read it as they read a process's. Docker
 * keeps a container's output across its restarts; each start follows it from the beginning again,
 * and a frame already copied is skipped by its position, so no line is lost or doubled.
 */
final class LogPump {
  private final DockerClient docker;
  private final String container;
  private final Path file;
  private long copied;
  private OutputStream out;
  private ResultCallback.Adapter<Frame> following;

  /** Guards following and draining; the copying itself locks {@code this}. */
  private final Object control = new Object();

  LogPump(DockerClient docker, String container, Path file) {
    this.docker = docker;
    this.container = container;
    this.file = file;
  }

  /** Follows the container's output from its start; call after each start. */
  void follow() throws IOException {
    synchronized (control) {
      open();
      startFollowing();
    }
  }

  private synchronized void open() throws IOException {
    if (out == null) {
      Files.createDirectories(file.getParent());
      out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  private void startFollowing() {
    stopFollowing();
    following = stream(true);
  }

  /**
   * The container's output from its first line, each frame copied unless an earlier stream copied
   * it already; {@code follow} keeps it open while the container runs.
   */
  private ResultCallback.Adapter<Frame> stream(boolean follow) {
    long[] seen = {0};
    return docker
        .logContainerCmd(container)
        .withStdOut(true)
        .withStdErr(true)
        .withFollowStream(follow)
        .exec(
            new ResultCallback.Adapter<>() {
              @Override
              public void onNext(Frame frame) {
                copy(++seen[0], frame.getPayload());
              }
            });
  }

  private synchronized void copy(long position, byte[] payload) {
    if (position <= copied || out == null) {
      return;
    }
    try {
      out.write(payload);
      out.flush();
      copied = position;
    } catch (IOException e) {
      // The run directory is gone or full: the output is lost, the run goes on.
    }
  }

  /**
   * Copies what the container wrote up to now and stops following; for a container that has
   * stopped, so that its last lines are in the file.
   */
  void drain() {
    synchronized (control) {
      drainNow();
    }
  }

  private void drainNow() {
    stopFollowing();
    try {
      stream(false).awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      // The container is gone: what was copied stays.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopFollowing() {
    if (following != null) {
      try {
        following.close();
      } catch (IOException e) {
        // The stream is closing anyway.
      }
      following = null;
    }
  }

  void close() {
    synchronized (control) {
      stopFollowing();
    }
    closeFile();
  }

  private synchronized void closeFile() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // Nothing more will be written.
      }
      out = null;
    }
  }
}
