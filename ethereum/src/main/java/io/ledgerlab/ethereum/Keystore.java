package io.ledgerlab.ethereum;

import io.ledgerlab.lab.target.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * The run's accounts from encrypted keystore files (Ethereum's v3 format: scrypt or PBKDF2, AES-128
 * CTR, a MAC) instead of a mnemonic: {@code targetOptions.keystore} names a directory (relative to
 * the manifest), every {@code *.json} in it is one account, in file name order, and {@code
 * targetOptions.keystorePassword} says where the password is — {@code env:NAME} or {@code
 * file:PATH} — never the password itself. A wrong password stops the run before anything starts,
 * naming the file; the password is never written anywhere.
 */
final class Keystore {
  static final String DIR = "keystore";
  static final String PASSWORD = "keystorePassword";

  private Keystore() {}

  /** What is wrong with the two options, as problems at their keys. */
  static List<Target.Problem> problems(Map<String, String> options) {
    List<Target.Problem> out = new ArrayList<>();
    String dir = options.get(DIR);
    String password = options.get(PASSWORD);
    if (dir != null && password == null) {
      out.add(
          new Target.Problem(
              "/targetOptions/" + DIR,
              "a keystorePassword beside it too: env:NAME or file:PATH, where the password is"));
    }
    if (password != null && dir == null) {
      out.add(
          new Target.Problem(
              "/targetOptions/" + PASSWORD,
              "nothing, unless targetOptions.keystore names a directory"));
    }
    if (password != null && !password.startsWith("env:") && !password.startsWith("file:")) {
      out.add(
          new Target.Problem(
              "/targetOptions/" + PASSWORD,
              "env:NAME or file:PATH (where the password is; a password is never written in a"
                  + " manifest)"));
    }
    return out;
  }

  /** True when the options name a keystore. */
  static boolean named(Map<String, String> options) {
    return options.containsKey(DIR);
  }

  /**
   * Decrypts every account of the keystore the options name.
   *
   * @param here the directory relative paths are read from (the manifest's)
   * @throws IOException naming the directory, the password's source or the file that failed
   */
  static Accounts load(Map<String, String> options, Path here) throws IOException {
    Path dir = here.resolve(options.get(DIR)).normalize();
    if (!Files.isDirectory(dir)) {
      throw new IOException("targetOptions.keystore: no directory " + dir);
    }
    String password = password(options.get(PASSWORD), here);
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("targetOptions.keystore: " + dir + " holds no *.json keystore file");
    }
    List<Credentials> keys = new ArrayList<>(files.size());
    for (Path f : files) {
      try {
        keys.add(WalletUtils.loadCredentials(password, f.toFile()));
      } catch (CipherException e) {
        throw new IOException(
            "keystore " + f + ": the password does not open it (" + e.getMessage() + ")", e);
      } catch (IOException | RuntimeException e) {
        throw new IOException(
            "keystore " + f + ": not a keystore file (" + e.getMessage() + ")", e);
      }
    }
    return Accounts.of(keys);
  }

  private static String password(String source, Path here) throws IOException {
    if (source.startsWith("env:")) {
      String name = source.substring("env:".length());
      String value = System.getenv(name);
      if (value == null) {
        throw new IOException(
            "targetOptions.keystorePassword: the environment variable " + name + " is not set");
      }
      return value;
    }
    Path file = here.resolve(source.substring("file:".length())).normalize();
    if (!Files.isRegularFile(file)) {
      throw new IOException("targetOptions.keystorePassword: no file " + file);
    }
    // One line: a trailing newline is not part of the password.
    return Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
  }
}
