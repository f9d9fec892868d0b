package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirsTest {
  @TempDir Path work;

  @Test
  void anExplicitDirectoryWins() throws Exception {
    Path run = Files.createDirectories(work.resolve("runs/r1"));
    RunDirs.setCurrent(Path.of("runs/other"), work);
    assertThat(RunDirs.resolve(run, work)).isEqualTo(run);
    assertThat(RunDirs.resolve(Path.of("runs/r1"), work)).isEqualTo(run);
  }

  @Test
  void aScenarioRunDoesNotTakeCurrentFromANetworkThatIsUp() throws Exception {
    Path up = Files.createDirectories(work.resolve("runs/up"));
    DashboardCommandTest.supervisor(up, "running", ProcessHandle.current().pid(), 1);
    Files.createDirectories(work.resolve("runs/scenario"));
    RunDirs.setCurrent(Path.of("runs/up"), work);
    assertThat(RunDirs.setCurrentUnlessUp(Path.of("runs/scenario"), work)).contains(up);
    assertThat(RunDirs.resolve(null, work)).isEqualTo(up);
    // The network itself may be named again.
    assertThat(RunDirs.setCurrentUnlessUp(up, work)).isEmpty();
  }

  @Test
  void aScenarioRunTakesCurrentFromANetworkThatIsDown() throws Exception {
    Path stopped = Files.createDirectories(work.resolve("runs/stopped"));
    DashboardCommandTest.supervisor(stopped, "stopped", ProcessHandle.current().pid(), 1);
    Path scenario = Files.createDirectories(work.resolve("runs/scenario"));
    RunDirs.setCurrent(Path.of("runs/stopped"), work);
    assertThat(RunDirs.setCurrentUnlessUp(Path.of("runs/scenario"), work)).isEmpty();
    assertThat(RunDirs.resolve(null, work)).isEqualTo(scenario);
    // A supervisor that died without saying so counts as down too.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path dead = Files.createDirectories(work.resolve("runs/dead"));
    DashboardCommandTest.supervisor(dead, "running", gone.pid(), 1);
    RunDirs.setCurrent(Path.of("runs/dead"), work);
    assertThat(RunDirs.setCurrentUnlessUp(Path.of("runs/scenario"), work)).isEmpty();
    assertThat(RunDirs.resolve(null, work)).isEqualTo(scenario);
  }

  @Test
  void anExplicitDirectoryThatDoesNotExistIsAnError() {
    assertThatThrownBy(() -> RunDirs.resolve(Path.of("runs/nope"), work))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no run directory at runs/nope");
  }

  @Test
  void withoutOneTheCurrentRunIsUsed() throws Exception {
    Path run = Files.createDirectories(work.resolve("runs/2026-11-24T07-10-00"));
    RunDirs.setCurrent(Path.of("runs/2026-11-24T07-10-00"), work);
    assertThat(Files.readString(work.resolve("runs/current")))
        .isEqualTo("runs/2026-11-24T07-10-00\n");
    assertThat(RunDirs.resolve(null, work)).isEqualTo(run);
  }

  @Test
  void theCurrentRunMayBeAbsoluteAndSurroundedByWhitespace() throws Exception {
    Path run = Files.createDirectories(work.resolve("elsewhere/r2"));
    Files.createDirectories(work.resolve("runs"));
    Files.writeString(work.resolve("runs/current"), "  " + run + "\n\n");
    assertThat(RunDirs.resolve(null, work)).isEqualTo(run);
  }

  @Test
  void settingTheCurrentRunReplacesTheOldOne() throws Exception {
    Files.createDirectories(work.resolve("runs/a"));
    Path b = Files.createDirectories(work.resolve("runs/b"));
    RunDirs.setCurrent(Path.of("runs/a"), work);
    RunDirs.setCurrent(Path.of("runs/b"), work);
    assertThat(RunDirs.resolve(null, work)).isEqualTo(b);
    try (var entries = Files.list(work.resolve("runs"))) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a", "b", "current");
    }
  }

  @Test
  void noCurrentRunIsAnErrorSayingHowToStartOne() {
    assertThatThrownBy(() -> RunDirs.resolve(null, work))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no current run: start one with 'ledgerlab up <manifest>' or pass --run-dir");
  }

  @Test
  void aCurrentRunThatIsGoneIsAnErrorNamingIt() throws Exception {
    RunDirs.setCurrent(Path.of("runs/deleted"), work);
    assertThatThrownBy(() -> RunDirs.resolve(null, work))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the current run runs/deleted (named in runs/current)")
        .hasMessageContaining("--run-dir");
  }

  @Test
  void anEmptyCurrentFileIsAnError() throws Exception {
    Files.createDirectories(work.resolve("runs"));
    Files.writeString(work.resolve("runs/current"), " \n");
    assertThatThrownBy(() -> RunDirs.resolve(null, work))
        .hasMessageContaining("runs/current is empty");
  }
}
