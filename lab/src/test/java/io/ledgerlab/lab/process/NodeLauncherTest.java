package io.ledgerlab.lab.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.engine.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLauncherTest {
  @TempDir Path dir;

  private static NodeLauncher launcher(String template) {
    return new NodeLauncher(template, List.of("-Xmx64m"), Path.of("/usr/bin/java"), "cp.jar");
  }

  @Test
  void aValueWithSpacesStaysOneArgumentAndJvmOptionsExpand() {
    List<String> command =
        launcher("node --mnemonic {mnemonic} --port {rpcPort} {jvmOptions} --name={name}")
            .command(
                Map.of("mnemonic", "test test junk", "rpcPort", "8545", "name", "n0"),
                new RunLayout(dir));

    assertThat(command)
        .startsWith("node", "--mnemonic", "test test junk", "--port", "8545", "-Xmx64m")
        .endsWith("--name=n0");
  }

  @Test
  void aPlaceholderWithoutAValueIsNamed() {
    assertThatThrownBy(() -> launcher("node {chainId}").command(Map.of(), new RunLayout(dir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no value for {chainId}");
  }

  @Test
  void aNodeProgramThatIsNotInstalledIsNamedBeforeAnythingStarts() throws Exception {
    assertThatThrownBy(() -> launcher("{here}/bin/anvil --port {rpcPort}").checkProgram(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("launch.command: the node's program " + dir + "/bin/anvil")
        .hasMessageContaining("is not there or not executable");

    Path program = Files.createDirectories(dir.resolve("bin")).resolve("anvil");
    Files.writeString(program, "#!/bin/sh\n");
    program.toFile().setExecutable(true);
    assertThatCode(() -> launcher("{here}/bin/anvil --port {rpcPort}").checkProgram(dir))
        .doesNotThrowAnyException();
    assertThatCode(() -> launcher("sh -c true").checkProgram(dir)).doesNotThrowAnyException();
    assertThatThrownBy(() -> launcher("no-such-node-program --x").checkProgram(dir))
        .hasMessageContaining("no-such-node-program is not there");
  }
}
