package io.ledgerlab.node.config;

import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.node.keys.PasswordException;
import io.ledgerlab.node.keys.PasswordSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The keys a node's configuration names, opened before anything of the node starts. Each key file
 * is a keystore (opened with the password the config's {@code passwordFile} or {@code passwordEnv}
 * gives, read once for both keys) or a plain hex seed.
 */
public record NodeKeys(KeyPair nodeKey, Optional<KeyPair> validatorKey) {
  /**
   * @throws ConfigException naming the config key and the file: a keystore without a password
   *     source, a password source with no keystore to open, a wrong password, a key whose role is
   *     not the one the config gives it, or a file that is not a key
   */
  public static NodeKeys load(NodeConfig config) throws ConfigException {
    boolean nodeKeystore = isKeystore(config.nodeKey(), "nodeKey");
    boolean validatorKeystore =
        config.validatorKey().isPresent()
            && isKeystore(config.validatorKey().get(), "validatorKey");
    Optional<PasswordSource> source = config.keyPassword();
    if (!nodeKeystore && !validatorKeystore) {
      if (source.isPresent()) {
        throw new ConfigException(
            passwordKey(source.get())
                + ": given, but neither nodeKey nor validatorKey is a keystore; remove it, or point"
                + " the keys at keystores");
      }
      return new NodeKeys(
          KeyFiles.read(config.nodeKey()),
          config.validatorKey().isPresent()
              ? Optional.of(KeyFiles.read(config.validatorKey().get()))
              : Optional.empty());
    }
    if (source.isEmpty()) {
      Path keystore = nodeKeystore ? config.nodeKey() : config.validatorKey().get();
      throw new ConfigException(
          (nodeKeystore ? "nodeKey" : "validatorKey")
              + ": "
              + keystore
              + " is a keystore; the config needs passwordFile or passwordEnv to open it");
    }
    try (Password password = read(source.get())) {
      KeyPair node =
          nodeKeystore
              ? open(config.nodeKey(), "nodeKey", Role.NODE, password)
              : KeyFiles.read(config.nodeKey());
      Optional<KeyPair> validator = Optional.empty();
      if (config.validatorKey().isPresent()) {
        Path file = config.validatorKey().get();
        validator =
            Optional.of(
                validatorKeystore
                    ? open(file, "validatorKey", Role.VALIDATOR, password)
                    : KeyFiles.read(file));
      }
      return new NodeKeys(node, validator);
    }
  }

  private static Password read(PasswordSource source) throws ConfigException {
    try {
      return source.read();
    } catch (PasswordException e) {
      throw new ConfigException(passwordKey(source) + ": " + e.getMessage(), e);
    }
  }

  private static KeyPair open(Path file, String key, Role role, Password password)
      throws ConfigException {
    Keystore keystore;
    try {
      keystore = KeystoreFiles.read(file);
    } catch (IOException e) {
      throw new ConfigException(key + ": " + file + ": cannot read: " + e.getMessage(), e);
    } catch (KeystoreException e) {
      throw new ConfigException(key + ": " + e.getMessage(), e);
    }
    if (keystore.role().isPresent() && keystore.role().get() != role) {
      throw new ConfigException(
          key
              + ": "
              + keystore.where()
              + " holds a key of role "
              + keystore.role().get().key()
              + "; "
              + key
              + " takes role "
              + role.key());
    }
    try {
      return keystore.decrypt(password);
    } catch (KeystoreException e) {
      throw new ConfigException(key + ": " + e.getMessage(), e);
    }
  }

  private static boolean isKeystore(Path file, String key) throws ConfigException {
    try {
      return KeystoreFiles.isKeystore(file);
    } catch (IOException e) {
      throw new ConfigException(key + ": " + file + ": cannot read the key file: " + e, e);
    }
  }

  private static String passwordKey(PasswordSource source) {
    return source instanceof PasswordSource.Env ? "passwordEnv" : "passwordFile";
  }
}
