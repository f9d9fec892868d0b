package io.ledgerlab.ledger.genesis;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text of a YAML (or JSON) document, checked before any parser sees it: the bytes must be UTF-8
 * text, not a binary file, and the text must hold no control characters and no tabs in indentation.
 * SnakeYAML reports these late, at another place, or in words of its own ("Input length = 1"); here
 * each is named with its line and column and what to do about it.
 */
public final class SourceText {
  private static final List<Magic> BINARY =
      List.of(
          new Magic("a PNG image", 0x89, 'P', 'N', 'G'),
          new Magic("a JPEG image", 0xFF, 0xD8, 0xFF),
          new Magic("a GIF image", 'G', 'I', 'F', '8'),
          new Magic("a PDF document", '%', 'P', 'D', 'F', '-'),
          new Magic("a zip archive", 'P', 'K', 3, 4),
          new Magic("a gzip archive", 0x1F, 0x8B),
          new Magic("an executable", 0x7F, 'E', 'L', 'F'),
          new Magic("a Java class file", 0xCA, 0xFE, 0xBA, 0xBE));

  private static final Magic UTF8_BOM = new Magic("", 0xEF, 0xBB, 0xBF);
  private static final Magic UTF16_BE = new Magic("", 0xFE, 0xFF);
  private static final Magic UTF16_LE = new Magic("", 0xFF, 0xFE);

  /**
   * A block scalar header ({@code key: |}, {@code - >-}): the lines after it that are indented
   * deeper are text, where a tab is allowed.
   */
  private static final Pattern BLOCK_HEADER =
      Pattern.compile("(?:.*:\\s+|.*\\s-\\s+|-\\s+|)(?:[&!]\\S*\\s+)*[|>][1-9+-]{0,2}");

  private SourceText() {}

  /** Text that cannot be read as YAML; the message names the source, the place and the fix. */
  public static final class Rejected extends Exception {
    Rejected(String message) {
      super(message);
    }
  }

  private record Magic(String what, byte[] prefix) {
    Magic(String what, int... bytes) {
      this(what, toBytes(bytes));
    }

    private static byte[] toBytes(int[] bytes) {
      byte[] b = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        b[i] = (byte) bytes[i];
      }
      return b;
    }

    boolean starts(byte[] bytes) {
      if (bytes.length < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if (bytes[i] != prefix[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Decodes {@code bytes} as UTF-8, strictly: a byte that is not UTF-8 is an error at its line and
   * column, never a replacement character. A leading byte-order mark is dropped.
   *
   * @param source names the bytes in messages, such as a file name
   */
  public static String decode(String source, byte[] bytes) throws Rejected {
    for (Magic m : BINARY) {
      if (m.starts(bytes)) {
        throw new Rejected(source + ": this is " + m.what() + ", not YAML text");
      }
    }
    if (UTF16_BE.starts(bytes) || UTF16_LE.starts(bytes)) {
      throw new Rejected(source + ": this is UTF-16 text; save it as UTF-8");
    }
    int start = UTF8_BOM.starts(bytes) ? UTF8_BOM.prefix().length : 0;
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new Rejected(
            at(source, bytes, start, i) + ": a binary file, not YAML text (byte 0x00)");
      }
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length - start);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int bad = in.position();
      throw new Rejected(
          at(source, bytes, start, bad)
              + String.format(
                  Locale.ROOT,
                  ": not UTF-8 text (byte 0x%02X); save the file as UTF-8",
                  bytes[bad]));
    }
    return out.flip().toString();
  }

  /**
   * Rejects a character YAML does not allow (a control character, as in a binary file) and a tab in
   * a line's indentation, each at its line and column. Tabs inside a block scalar ({@code |},
   * {@code >}) or a quoted string are text, and allowed.
   */
  public static void check(String source, String text) throws Rejected {
    checkCharacters(source, text);
    checkIndentation(source, text);
  }

  /** True when every line is blank, a comment, a document marker or a directive. */
  public static boolean onlyComments(String text) {
    for (String line : text.split("\n", -1)) {
      String t = line.strip();
      if (!(t.isEmpty()
          || t.startsWith("#")
          || t.equals("---")
          || t.equals("...")
          || t.startsWith("%"))) {
        return false;
      }
    }
    return true;
  }

  private static void checkCharacters(String source, String text) throws Rejected {
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (!printable(c) && !(i == 0 && c == 0xFEFF)) {
        String hint = c == 0 ? "; is this a binary file?" : "";
        throw new Rejected(
            String.format(
                Locale.ROOT,
                "%s:%d:%d: the control character U+%04X is not allowed in YAML text%s",
                source,
                line,
                column,
                c,
                hint));
      }
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
      i += Character.charCount(c);
    }
  }

  /** The characters YAML 1.1 allows in a document, as SnakeYAML checks them. */
  private static boolean printable(int c) {
    return c == '\t'
        || c == '\n'
        || c == '\r'
        || (c >= 0x20 && c <= 0x7E)
        || c == 0x85
        || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  private static void checkIndentation(String source, String text) throws Rejected {
    String[] lines = text.split("\n", -1);
    int blockParent = -1;
    char quote = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int spaces = 0;
      while (spaces < line.length() && line.charAt(spaces) == ' ') {
        spaces++;
      }
      if (blockParent >= 0) {
        if (line.isBlank() || spaces > blockParent) {
          continue;
        }
        blockParent = -1;
      }
      if (quote == 0) {
        for (int j = 0;
            j < line.length() && (line.charAt(j) == ' ' || line.charAt(j) == '\t');
            j++) {
          if (line.charAt(j) == '\t') {
            throw new Rejected(
                source
                    + ":"
                    + (i + 1)
                    + ":"
                    + (j + 1)
                    + ": tabs are not allowed for indentation in YAML; use spaces");
          }
        }
      }
      int contentEnd = line.length();
      for (int j = 0; j < line.length(); j++) {
        char c = line.charAt(j);
        if (quote == '"') {
          if (c == '\\') {
            j++;
          } else if (c == '"') {
            quote = 0;
          }
        } else if (quote == '\'') {
          if (c == '\'' && j + 1 < line.length() && line.charAt(j + 1) == '\'') {
            j++;
          } else if (c == '\'') {
            quote = 0;
          }
        } else if (c == '#' && (j == 0 || Character.isWhitespace(line.charAt(j - 1)))) {
          contentEnd = j;
          break;
        } else if ((c == '"' || c == '\'')
            && (j == 0 || " \t[{,".indexOf(line.charAt(j - 1)) >= 0)) {
          quote = c;
        }
      }
      if (quote == 0
          && BLOCK_HEADER.matcher(line.substring(0, contentEnd).stripTrailing()).matches()) {
        blockParent = blockParent(line, spaces);
      }
    }
  }

  /** The column a block scalar's lines must be indented past: its key's, or its dash's. */
  private static int blockParent(String line, int spaces) {
    int p = spaces;
    int dash = spaces;
    while (line.startsWith("- ", p)) {
      dash = p;
      p += 2;
      while (p < line.length() && line.charAt(p) == ' ') {
        p++;
      }
    }
    return p < line.length() && (line.charAt(p) == '|' || line.charAt(p) == '>') ? dash : p;
  }

  /** {@code source:line:column} of byte {@code offset}, counting characters, not bytes. */
  private static String at(String source, byte[] bytes, int start, int offset) {
    int line = 1;
    int column = 1;
    for (int i = start; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        column = 1;
      } else if ((bytes[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    return source + ":" + line + ":" + column;
  }
}
