package io.ledgerlab.lab.target.reference;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.Kdf;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import io.ledgerlab.ledger.crypto.keystore.Label;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.node.keys.PasswordException;
import io.ledgerlab.node.keys.PasswordSource;
import io.ledgerlab.runtime.entropy.Entropy;
import io.ledgerlab.runtime.entropy.SystemEntropy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys of one run as keystores: every node's validator and node key, and the funded accounts in
 * one keystore, all under a password of 256 random bits that {@link RunLayout#keyPassword()} keeps
 * for the owner's eyes only. The keys themselves may come from the scenario's seed (a run is
 * reproducible); the password, salts and IVs come from the system's secure source, so nothing in
 * the summary leads to the password.
 */
public final class RunKeys implements AutoCloseable {
  private static final int PASSWORD_BYTES = 32;
  private static final String HEX_DIGITS = "0123456789abcdef";

  /**
   * The KDF of a run whose keys are drawn from its seed (the simulator's): the seed is in the run's
   * report, so the keystores guard nothing a stretched password could; one iteration keeps the
   * format. For 64 validators, 8,192 iterations a key cost about a second a seed.
   */
  public static final Kdf SEEDED_KDF = new Kdf.Pbkdf2(1);

  private final RunLayout run;
  private final Password password;
  private final Kdf kdf;
  private final Entropy entropy = new SystemEntropy();

  private RunKeys(RunLayout run, Password password, Kdf kdf) {
    this.run = run;
    this.password = password;
    this.kdf = kdf;
  }

  /**
   * Makes the run's password and writes its file.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the run already has one
   */
  public static RunKeys create(RunLayout run) throws IOException {
    return create(run, KeystoreFiles.RUN_KDF);
  }

  /**
   * Makes the run's password and writes its file; keystores written through the result use {@code
   * kdf}.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the run already has one
   */
  public static RunKeys create(RunLayout run, Kdf kdf) throws IOException {
    // In hex straight into arrays that are wiped: never a String, which could not be.
    byte[] random = new SystemEntropy().bytes(PASSWORD_BYTES);
    char[] hex = new char[2 * random.length];
    byte[] bytes = new byte[hex.length];
    for (int i = 0; i < hex.length; i++) {
      int nibble = (random[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      hex[i] = HEX_DIGITS.charAt(nibble);
      bytes[i] = (byte) hex[i];
    }
    Arrays.fill(random, (byte) 0);
    try {
      KeystoreFiles.writePrivate(run.keyPassword(), bytes, false);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    return new RunKeys(run, Password.wrap(hex), kdf);
  }

  /** Reads the run's password from its file. */
  public static RunKeys open(RunLayout run) throws IOException {
    try {
      return new RunKeys(
          run, new PasswordSource.File(run.keyPassword()).read(), KeystoreFiles.RUN_KDF);
    } catch (PasswordException e) {
      throw new IOException("the run's key password: " + e.getMessage(), e);
    }
  }

  /** Writes {@code key} as a keystore at {@code file}. */
  public void write(KeyPair key, Path file, String name, Role role, String description)
      throws IOException {
    KeystoreFiles.write(
        Keystore.encrypt(key, password, kdf, Label.of(name, role, description), entropy),
        file,
        true);
  }

  /** The key in the keystore at {@code file}. */
  public KeyPair read(Path file) throws IOException {
    try {
      return KeystoreFiles.read(file).decrypt(password);
    } catch (KeystoreException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Writes the funded accounts (at least one), their seeds back to back, as one keystore. */
  public void writeAccounts(List<KeyPair> accounts) throws IOException {
    byte[] seeds = new byte[32 * accounts.size()];
    for (int i = 0; i < accounts.size(); i++) {
      byte[] seed = accounts.get(i).seed();
      System.arraycopy(seed, 0, seeds, 32 * i, 32);
      Arrays.fill(seed, (byte) 0);
    }
    try {
      Label label =
          Label.of(
              "accounts",
              Role.CLIENT,
              "the run's "
                  + accounts.size()
                  + " funded accounts: Ed25519 seeds, 32 bytes each, back to back");
      KeystoreFiles.write(
          Keystore.encryptSecret(seeds, password, kdf, label, entropy),
          run.accountsKeystore(),
          true);
    } finally {
      Arrays.fill(seeds, (byte) 0);
    }
  }

  /** The funded accounts, in order. */
  public List<KeyPair> readAccounts() throws IOException {
    byte[] seeds;
    try {
      seeds = KeystoreFiles.read(run.accountsKeystore()).decryptSecret(password);
    } catch (KeystoreException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      if (seeds.length % 32 != 0) {
        throw new IOException(
            run.accountsKeystore() + ": the secret is not whole 32-byte seeds: " + seeds.length);
      }
      List<KeyPair> out = new ArrayList<>(seeds.length / 32);
      for (int i = 0; i < seeds.length; i += 32) {
        out.add(KeyPair.fromSeed(Arrays.copyOfRange(seeds, i, i + 32)));
      }
      return out;
    } finally {
      Arrays.fill(seeds, (byte) 0);
    }
  }

  /** Wipes the password held in memory; the file stays. */
  @Override
  public void close() {
    password.close();
  }
}
