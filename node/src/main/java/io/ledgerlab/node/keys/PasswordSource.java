package io.ledgerlab.node.keys;

import io.ledgerlab.ledger.crypto.keystore.Password;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a keystore password comes from: a file, an environment variable the user names, or the
 * terminal with echo off. Never a command-line argument's value — that ends up in shell history and
 * in every {@code ps} listing — so there is no such source.
 */
public sealed interface PasswordSource
    permits PasswordSource.File, PasswordSource.Env, PasswordSource.Prompt {
  /** The largest password file read: a password is one line, not a document. */
  int FILE_BYTES_MAX = 64 * 1024;

  /**
   * Reads the password; the caller closes it (which wipes it).
   *
   * @throws PasswordException naming this source and what is wrong with it
   */
  Password read() throws PasswordException;

  /** How messages name the source: never the password itself. */
  String describe();

  /**
   * A file holding the password as UTF-8. A trailing newline is not part of the password (control
   * characters never are; see {@link Password}).
   */
  record File(Path path) implements PasswordSource {
    public File {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public Password read() throws PasswordException {
      if (!Files.isRegularFile(path)) {
        throw new PasswordException(describe() + ": no such file");
      }
      byte[] bytes;
      try {
        if (Files.size(path) > FILE_BYTES_MAX) {
          throw new PasswordException(
              describe() + ": larger than " + FILE_BYTES_MAX + " bytes; a password is one line");
        }
        bytes = Files.readAllBytes(path);
      } catch (IOException e) {
        throw new PasswordException(describe() + ": cannot read: " + e.getMessage(), e);
      }
      try {
        Password password = Password.wrap(utf8(bytes));
        if (password.isBlank()) {
          password.close();
          throw new PasswordException(describe() + ": holds no password (it is empty)");
        }
        return password;
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }

    private char[] utf8(byte[] bytes) throws PasswordException {
      CharsetDecoder decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      CharBuffer chars;
      try {
        chars = decoder.decode(ByteBuffer.wrap(bytes));
      } catch (CharacterCodingException e) {
        throw new PasswordException(describe() + ": not UTF-8 text");
      }
      char[] out = Arrays.copyOf(chars.array(), chars.limit());
      Arrays.fill(chars.array(), '\0');
      return out;
    }

    @Override
    public String describe() {
      return "password file " + path;
    }
  }

  /** An environment variable, named by the user; its value is the password. */
  record Env(String name) implements PasswordSource {
    public Env {
      if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException(
            "an environment variable's name: letters, digits and _, not starting with a digit;"
                + " got '"
                + name
                + "'");
      }
    }

    @Override
    public Password read() throws PasswordException {
      // The JDK gives the environment as Strings: this copy cannot be wiped, only the one returned.
      String value = System.getenv(name);
      if (value == null) {
        throw new PasswordException(describe() + " is not set");
      }
      Password password = Password.wrap(value.toCharArray());
      if (password.isBlank()) {
        password.close();
        throw new PasswordException(describe() + " is empty");
      }
      return password;
    }

    @Override
    public String describe() {
      return "environment variable " + name;
    }
  }

  /**
   * The terminal, with echo off ({@link Console#readPassword}); asked twice when {@code confirm},
   * for a new password that nobody has typed before.
   */
  record Prompt(String prompt, boolean confirm) implements PasswordSource {
    @Override
    public Password read() throws PasswordException {
      Console console = System.console();
      if (console == null) {
        throw new PasswordException(
            "no terminal to ask for the password on (standard input or output is not a console)");
      }
      char[] first = console.readPassword("%s: ", prompt);
      if (first == null) {
        throw new PasswordException("no password: the terminal's input ended");
      }
      Password password = Password.wrap(first);
      if (password.isBlank()) {
        password.close();
        throw new PasswordException("an empty password");
      }
      if (confirm) {
        char[] again = console.readPassword("%s (again): ", prompt);
        try (Password second = Password.wrap(again == null ? new char[0] : again)) {
          if (!password.sameAs(second)) {
            password.close();
            throw new PasswordException("the two passwords typed differ");
          }
        }
      }
      return password;
    }

    @Override
    public String describe() {
      return "the terminal";
    }
  }
}
