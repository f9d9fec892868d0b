package io.ledgerlab.node.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.crypto.keystore.Password;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password sources: what each reads, and each way it fails named without the password. */
class PasswordSourceTest {
  @TempDir Path dir;

  @Test
  void aFileGivesItsTextWithTheNewlineLeftToNormalisation() throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "pässword\n");
    try (Password p = new PasswordSource.File(file).read()) {
      assertThat(new String(p.chars())).isEqualTo("pässword\n");
      assertThat(p.sameAs(Password.wrap("pässword\n".toCharArray()))).isTrue();
    }
  }

  @Test
  void aFileThatIsMissingEmptyNotUtf8OrHugeIsNamed() throws Exception {
    Path missing = dir.resolve("absent");
    assertThatThrownBy(() -> new PasswordSource.File(missing).read())
        .isInstanceOf(PasswordException.class)
        .hasMessage("password file " + missing + ": no such file");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> new PasswordSource.File(empty).read())
        .hasMessage("password file " + empty + ": holds no password (it is empty)");
    Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'p', (byte) 0xE9, 'w'});
    assertThatThrownBy(() -> new PasswordSource.File(latin1).read())
        .hasMessage("password file " + latin1 + ": not UTF-8 text");
    Path huge = Files.write(dir.resolve("huge"), new byte[PasswordSource.FILE_BYTES_MAX + 1]);
    assertThatThrownBy(() -> new PasswordSource.File(huge).read())
        .hasMessageContaining("larger than 65536 bytes");
    assertThatThrownBy(() -> new PasswordSource.File(dir).read())
        .hasMessageEndingWith("no such file");
  }

  @Test
  void anEnvironmentVariableGivesItsValue() throws Exception {
    // PATH is set wherever a JVM runs: a real variable, read as a password would be.
    try (Password p = new PasswordSource.Env("PATH").read()) {
      assertThat(new String(p.chars())).isEqualTo(System.getenv("PATH"));
    }
    assertThatThrownBy(() -> new PasswordSource.Env("LEDGERLAB_NO_SUCH_VARIABLE_42").read())
        .isInstanceOf(PasswordException.class)
        .hasMessage("environment variable LEDGERLAB_NO_SUCH_VARIABLE_42 is not set");
    assertThatThrownBy(() -> new PasswordSource.Env("A-B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 'A-B'");
  }

  @Test
  void aPromptWithoutATerminalSaysSo() {
    // Tests run without a console, as a CI job or a pipe does.
    assertThatThrownBy(() -> new PasswordSource.Prompt("password", true).read())
        .isInstanceOf(PasswordException.class)
        .hasMessageStartingWith("no terminal to ask for the password on");
  }

  @Test
  void sourcesDescribeThemselvesWithoutASecret() {
    assertThat(new PasswordSource.File(Path.of("/run/pw")).describe())
        .isEqualTo("password file /run/pw");
    assertThat(new PasswordSource.Env("PW").describe()).isEqualTo("environment variable PW");
    assertThat(new PasswordSource.Prompt("x", false).describe()).isEqualTo("the terminal");
  }
}
