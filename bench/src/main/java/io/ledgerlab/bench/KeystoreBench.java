package io.ledgerlab.bench;

import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.Kdf;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import io.ledgerlab.ledger.crypto.keystore.Label;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What opening a keystore costs, which every node pays for each of its keys at every start: the key
 * derivation decides it. {@code run} is the lab's own run keys (PBKDF2, c = 8192, chosen so that
 * node start-up stays quick); {@code pbkdf2} and {@code scrypt} are EIP-2335's costs, which {@code
 * ledgerlab keys create} uses.
 */
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class KeystoreBench {
  @Param({"run", "pbkdf2", "scrypt"})
  public String kdf;

  private Keystore keystore;
  private char[] password;

  @Setup
  public void encrypt() {
    Kdf chosen =
        switch (kdf) {
          case "run" -> new Kdf.Pbkdf2(8192);
          case "pbkdf2" -> new Kdf.Pbkdf2(1 << 18);
          default -> new Kdf.Scrypt(1 << 18, 8, 1);
        };
    password = "correct horse battery staple".toCharArray();
    keystore =
        Keystore.encrypt(
            KeyPair.generate(SeededEntropy.of(1)),
            Password.wrap(password.clone()),
            chosen,
            Label.of("bench", Role.VALIDATOR, "a benchmark key"),
            SeededEntropy.of(2));
  }

  @Benchmark
  public KeyPair decrypt() throws KeystoreException {
    return keystore.decrypt(Password.wrap(password.clone()));
  }
}
