package io.ledgerlab.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contracts' bytecode in the jar is what solc 0.8.28 (pinned in tools/ethereum) makes of the
 * sources beside it: nobody can change one without the other.
 */
class EthereumContractTest {
  private static final Path SOLC =
      Path.of("..", "tools", "ethereum", "node_modules", ".bin", "solcjs");
  private static final Path SOURCES = Path.of("src", "main", "solidity");

  @Test
  void theTokensCheckedInBytecodeIsTheCompiledSource(@TempDir Path out) throws Exception {
    assertThat(compile("LabToken", out)).isEqualTo(Token.bytecode());
  }

  @Test
  void theStoresCheckedInBytecodeIsTheCompiledSource(@TempDir Path out) throws Exception {
    assertThat(compile("LabStore", out)).isEqualTo(Store.bytecode());
  }

  private static String compile(String contract, Path out) throws Exception {
    assertThat(Files.isExecutable(SOLC))
        .as("solcjs is missing at %s: run `npm ci --prefix tools/ethereum` (.ci/run does)", SOLC)
        .isTrue();
    // From the source's own folder, so the source unit name (part of the metadata hash) is the
    // bare file name, as when the checked-in bytecode was made.
    Process solc =
        new ProcessBuilder(
                SOLC.toAbsolutePath().toString(),
                "--bin",
                "--optimize",
                "--optimize-runs",
                "200",
                "-o",
                out.toString(),
                contract + ".sol")
            .directory(SOURCES.toFile())
            .redirectErrorStream(true)
            .start();
    String said = new String(solc.getInputStream().readAllBytes());
    assertThat(solc.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(solc.exitValue()).as(said).isZero();

    return Files.readString(out.resolve(contract + "_sol_" + contract + ".bin")).trim();
  }
}
