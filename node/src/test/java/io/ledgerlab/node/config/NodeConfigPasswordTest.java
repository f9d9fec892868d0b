package io.ledgerlab.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.node.keys.PasswordSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node config's passwordFile and passwordEnv: read, written back, refused when they clash. */
class NodeConfigPasswordTest {
  @TempDir Path dir;

  private static final String BASE =
      """
      name: n0
      genesis: genesis.json
      nodeKey: node.json
      validatorKey: validator.json
      p2p: 127.0.0.1:26656
      rpc: 127.0.0.1:26657
      """;

  @Test
  void aPasswordFileResolvesAgainstTheConfigsDirectoryAndRoundTrips() throws Exception {
    Path file = Files.writeString(dir.resolve("n0.yaml"), BASE + "passwordFile: ../run.password\n");
    NodeConfig config = NodeConfigs.read(file);
    assertThat(config.keyPassword())
        .hasValue(new PasswordSource.File(dir.getParent().resolve("run.password")));
    Path again = dir.resolve("again/n0.yaml");
    NodeConfigs.write(config, again);
    assertThat(NodeConfigs.read(again)).isEqualTo(config);
  }

  @Test
  void aPasswordEnvRoundTrips() throws Exception {
    Path file = Files.writeString(dir.resolve("n0.yaml"), BASE + "passwordEnv: N0_PASSWORD\n");
    NodeConfig config = NodeConfigs.read(file);
    assertThat(config.keyPassword()).hasValue(new PasswordSource.Env("N0_PASSWORD"));
    NodeConfigs.write(config, dir.resolve("b.yaml"));
    assertThat(Files.readString(dir.resolve("b.yaml"))).contains("passwordEnv: N0_PASSWORD");
    assertThat(NodeConfigs.read(dir.resolve("b.yaml"))).isEqualTo(config);
  }

  @Test
  void withoutEitherThereIsNoPassword() throws Exception {
    Path file = Files.writeString(dir.resolve("n0.yaml"), BASE);
    assertThat(NodeConfigs.read(file).keyPassword()).isEqualTo(Optional.empty());
  }

  @Test
  void bothAtOnceOrABadVariableNameAreRefusedByName() throws Exception {
    Path both =
        Files.writeString(
            dir.resolve("both.yaml"), BASE + "passwordFile: p\npasswordEnv: N0_PASSWORD\n");
    assertThatThrownBy(() -> NodeConfigs.read(both))
        .isInstanceOf(ConfigException.class)
        .hasMessage(both + ": passwordFile, passwordEnv: expected one of them, not both");
    Path bad = Files.writeString(dir.resolve("bad.yaml"), BASE + "passwordEnv: \"1 PW\"\n");
    assertThatThrownBy(() -> NodeConfigs.read(bad))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(bad + ": passwordEnv: expected an environment variable's name");
    Path misspelt = Files.writeString(dir.resolve("m.yaml"), BASE + "password: hunter2\n");
    assertThatThrownBy(() -> NodeConfigs.read(misspelt))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'password'");
  }

  @Test
  void aPromptCannotBeWrittenIntoAConfig() throws Exception {
    NodeConfig config =
        NodeConfigs.read(Files.writeString(dir.resolve("n0.yaml"), BASE))
            .withKeyPassword(new PasswordSource.Prompt("password", false));
    assertThatThrownBy(() -> NodeConfigs.write(config, dir.resolve("p.yaml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the terminal");
  }
}
