package io.ledgerlab.ledger.guard;

import java.io.File;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.DatagramChannel;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Node code as it must not be written: one method per call the node-code signatures forbid. Never
 * run; {@link NodeCodeSignaturesTest} checks its compiled class against the signatures the ledger
 * module's build enforces and expects every one of these reported.
 */
@SuppressWarnings({"unused", "deprecation"})
final class ForbiddenCalls {
  private final List<Integer> list = new ArrayList<>();
  private final Executor direct = Runnable::run;
  private final CompletableFuture<Integer> future = CompletableFuture.completedFuture(1);

  void shuffle() {
    Collections.shuffle(list);
  }

  void parallelStream() {
    list.parallelStream().count();
  }

  void parallel() {
    list.stream().parallel().count();
  }

  void parallelInts() {
    IntStream.range(0, 3).parallel().sum();
  }

  void commonPool() {
    ForkJoinPool.commonPool();
  }

  void supplyAsyncOnCommonPool() {
    CompletableFuture.supplyAsync(() -> 1);
  }

  void supplyAsyncOnAnExecutor() {
    CompletableFuture.supplyAsync(() -> 1, direct);
  }

  void runAsyncOnAnExecutor() {
    CompletableFuture.runAsync(() -> {}, direct);
  }

  void thenApplyAsync() {
    future.thenApplyAsync(x -> x + 1);
  }

  void thenApplyAsyncOnAnExecutor() {
    future.thenApplyAsync(x -> x + 1, direct);
  }

  void threadPool() {
    new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  }

  void processBuilder() throws IOException {
    new ProcessBuilder("true").start();
  }

  void exec() throws IOException {
    Runtime.getRuntime().exec(new String[] {"true"});
  }

  void getenv() {
    System.getenv();
    System.getenv("HOME");
  }

  void getProperty() {
    System.getProperty("user.home");
    System.getProperty("user.home", "/");
    System.getProperties();
  }

  void fileReaderAndWriter() throws IOException {
    new FileReader("in").close();
    new FileWriter("out").close();
    new File("x").exists();
  }

  void httpClient() throws Exception {
    HttpClient.newHttpClient().send(null, null);
    URI.create("http://localhost/");
  }

  void datagramChannel() throws IOException {
    DatagramChannel.open();
  }

  void dates() {
    LocalDate.now();
    LocalDate.now(ZoneId.of("UTC"));
    LocalTime.now();
    LocalTime.now(ZoneId.of("UTC"));
  }
}
