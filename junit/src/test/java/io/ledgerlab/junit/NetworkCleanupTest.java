package io.ledgerlab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerlab.lab.process.RunFiles;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A network cleans up whatever fails: a failed start stops what ran and keeps the logs that say
 * why, an Error included; close runs every step when one throws; the extension closes every network
 * when closing one throws.
 */
class NetworkCleanupTest {
  @Test
  void aFailedStartKeepsTheRunDirectoryAndNamesIt() throws Exception {
    Network net = Network.engine("flaky-start").validators(4).build();

    Throwable thrown = catchThrowable(net::start);

    assertThat(thrown)
        .isInstanceOf(NetworkException.class)
        .hasMessageContaining("the flaky engine does not start")
        .hasMessageContaining(Network.KEPT);
    String message = thrown.getMessage();
    Path dir = Path.of(message.substring(message.indexOf(Network.KEPT) + Network.KEPT.length()));
    try {
      assertThat(dir.resolve("network.yaml")).exists();
      assertThat(dir.resolve("run")).isDirectory();
      assertThat(net.isStarted()).isFalse();
    } finally {
      RunFiles.deleteTree(dir);
    }
  }

  @Test
  void anErrorDuringStartStillStopsTheEngineAndIsRethrown() {
    int before = FlakyEngines.errorEnginesClosed.get();
    Network net = Network.engine("flaky-error").validators(4).build();

    assertThatThrownBy(net::start)
        .isInstanceOf(AssertionError.class)
        .hasMessage("an Error in the engine");

    assertThat(FlakyEngines.errorEnginesClosed.get()).isEqualTo(before + 1);
  }

  @Test
  void closeRunsEveryStepWhenTheEngineThrows() {
    Network net = Network.engine("flaky-close").validators(4).build().start();
    Path dir = net.runDirectory().getParent();

    assertThatThrownBy(net::close)
        .isInstanceOf(NetworkException.class)
        .hasRootCauseMessage("the flaky engine fails to close");

    assertThat(dir).as("the run directory is still removed").doesNotExist();
  }

  /** Two shared networks, each failing to close. */
  static final class TwoShared {
    @LabNetwork static Network one;
    @LabNetwork static Network two;
  }

  @Test
  void theExtensionClosesEveryNetworkWhenClosingOneThrows() {
    TwoShared.one = Network.engine("flaky-close").validators(4).build().start();
    TwoShared.two = Network.engine("flaky-close").validators(4).seed(2).build().start();
    ExtensionContext context =
        (ExtensionContext)
            Proxy.newProxyInstance(
                ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, m, args) -> {
                  if (m.getName().equals("getRequiredTestClass")) {
                    return TwoShared.class;
                  }
                  throw new UnsupportedOperationException(m.getName());
                });

    assertThatThrownBy(() -> new LedgerlabExtension().afterAll(context))
        .isInstanceOf(NetworkException.class)
        .hasRootCauseMessage("the flaky engine fails to close")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));

    assertThat(TwoShared.one.isStarted()).isFalse();
    assertThat(TwoShared.two.isStarted()).as("both are closed").isFalse();
  }
}
