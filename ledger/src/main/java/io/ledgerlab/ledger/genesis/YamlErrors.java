package io.ledgerlab.ledger.genesis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Jackson's and SnakeYAML's errors in the words of the person who wrote the file: "expected a whole
 * number, got text 'four'", "this quoted text is never closed". No class names and no parser jargon
 * leave this class; the place comes from the parser's marks.
 */
public final class YamlErrors {
  private static final int QUOTED_CHARS_MAX = 40;

  private YamlErrors() {}

  /**
   * {@code source:line:column: problem} for a syntax error (anything the parser rejected before
   * binding), or empty when {@code e} is a binding error, which {@link #problem} describes.
   */
  public static Optional<String> syntax(String source, String text, JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m) {
        return Optional.of(marked(source, text, m));
      }
    }
    JsonProcessingException parse = e;
    if (e instanceof JsonMappingException) {
      if (!(e.getCause() instanceof StreamReadException r) || r instanceof InputCoercionException) {
        return Optional.empty();
      }
      parse = r;
    }
    String message = String.valueOf(parse.getOriginalMessage());
    if (message.startsWith("Duplicate field '")) {
      String key = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
      return Optional.of(
          atKey(source, text, parse, key)
              + ": the key '"
              + key
              + "' appears twice in one map; keep one");
    }
    return Optional.of(
        SourceLocations.at(source, parse.getLocation())
            + ": not valid YAML: "
            + plain(firstLine(message)));
  }

  /**
   * What was wrong with a value Jackson could not bind, such as {@code expected a whole number, got
   * text 'four'}: the expected type in words and what the document holds at that place.
   *
   * @param text the document, to show what was there
   * @param mapper the mapper that failed, to name a map's keys
   */
  public static String problem(JsonMappingException e, String text, ObjectMapper mapper) {
    if (e.getCause() instanceof InputCoercionException c) {
      return "expected a whole number from "
          + range(c.getTargetType())
          + ", got "
          + found(e, text, mapper);
    }
    if (e instanceof MismatchedInputException m) {
      String message = String.valueOf(m.getOriginalMessage());
      if (message.startsWith("No content to map")) {
        return "the document is empty";
      }
      if (message.startsWith("Trailing token")) {
        return "a second document starts here; a file holds one document";
      }
      return "expected " + expected(m.getTargetType(), mapper) + ", got " + found(m, text, mapper);
    }
    return plain(firstLine(e.getOriginalMessage()));
  }

  /** The type Jackson wanted, in words. */
  static String expected(Class<?> type, ObjectMapper mapper) {
    if (type == null) {
      return "another kind of value";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class
        || type == Byte.class
        || type == byte.class
        || type == BigInteger.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (CharSequence.class.isAssignableFrom(type)
        || type == Character.class
        || type == char.class) {
      return "text";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a map";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(c -> c.toString().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
    }
    String keys =
        mapper
            .getDeserializationConfig()
            .introspect(mapper.constructType(type))
            .findProperties()
            .stream()
            .map(BeanPropertyDefinition::getName)
            .collect(Collectors.joining(", "));
    return keys.isEmpty() ? "a map" : "a map with keys " + keys;
  }

  /** What the document holds where binding failed, in words. */
  private static String found(JsonMappingException e, String text, ObjectMapper mapper) {
    try {
      JsonNode root = mapper.readTree(text);
      JsonNode node =
          root == null ? null : root.at(JsonPointer.compile(SourceLocations.pointer(e)));
      if (node != null && !node.isMissingNode()) {
        return found(node);
      }
    } catch (IOException | IllegalArgumentException unreadable) {
      // The document breaks after this value; fall back to what the parser was on.
    }
    if (e instanceof InvalidFormatException f && f.getValue() != null) {
      Object v = f.getValue();
      return v instanceof String s ? "text " + quoted(s) : "the number " + v;
    }
    return e instanceof MismatchedInputException m && m.getProcessor() instanceof JsonParser p
        ? found(p)
        : "another kind of value";
  }

  private static String found(JsonNode node) {
    if (node.isObject()) {
      return "a map";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      return "text " + quoted(node.asText());
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    if (node.isNull()) {
      return "nothing";
    }
    return "another kind of value";
  }

  private static String found(JsonParser p) {
    JsonToken t = p.currentToken();
    try {
      if (t == JsonToken.START_OBJECT) {
        return "a map";
      }
      if (t == JsonToken.START_ARRAY) {
        return "a list";
      }
      if (t == JsonToken.VALUE_STRING) {
        return "text " + quoted(p.getText());
      }
      if (t != null && t.isNumeric()) {
        return "the number " + p.getText();
      }
      if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
        return p.getText();
      }
    } catch (IOException unreadable) {
      // Nothing more to say about the value than that it is of another kind.
    }
    return "another kind of value";
  }

  private static String range(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (type == Short.class || type == short.class) {
      return Short.MIN_VALUE + " to " + Short.MAX_VALUE;
    }
    if (type == Byte.class || type == byte.class) {
      return Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
    }
    return Long.MIN_VALUE + " to " + Long.MAX_VALUE;
  }

  /** A SnakeYAML error, placed where the reader should look and told in plain words. */
  private static String marked(String source, String text, MarkedYAMLException m) {
    String problem = String.valueOf(m.getProblem());
    String context = m.getContext() == null ? "" : m.getContext();
    Mark at = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
    Mark opened = m.getContextMark() != null ? m.getContextMark() : at;
    String words;
    if (problem.contains("'\\t(TAB)'") || problem.contains("'\t")) {
      words = "tabs are not allowed for indentation in YAML; use spaces";
    } else if (context.startsWith("while scanning a quoted scalar")
        && problem.contains("end of stream")) {
      at = opened;
      words = "this quoted text is never closed; add the closing " + charAt(text, opened);
    } else if (context.startsWith("while parsing a flow mapping")
        || context.startsWith("while parsing a flow sequence")) {
      char open = context.contains("mapping") ? '{' : '[';
      char close = open == '{' ? '}' : ']';
      if (problem.contains("<stream end>")) {
        at = opened;
        words = "this '" + open + "' is never closed with '" + close + "'";
      } else {
        words = "expected ',' or '" + close + "' here, in the '" + open + "' at " + place(opened);
      }
    } else if (problem.startsWith("mapping values are not allowed")) {
      words =
          "a ':' here would start a key where none can start; check this line's indentation,"
              + " or quote a value that holds ': '";
    } else if (problem.startsWith("expected <block end>")) {
      words =
          "this line is indented differently from the lines before it; the keys of one map"
              + " (and the '-' of one list) must start in the same column";
    } else if (context.startsWith("while scanning a simple key")) {
      at = opened;
      words = "expected 'key: value' on this line, but it has no ':'";
    } else if (problem.startsWith("found character")) {
      words = charAt(text, at) + " cannot start a value; quote the value";
    } else {
      words = "not valid YAML: " + plain(firstLine(problem));
    }
    return source + ":" + place(at) + ": " + words;
  }

  private static String place(Mark m) {
    return m == null ? "1:1" : (m.getLine() + 1) + ":" + (m.getColumn() + 1);
  }

  /** The character at a mark, quoted: {@code '"'}, or {@code "'"} for an apostrophe. */
  private static String charAt(String text, Mark m) {
    int index = m == null ? -1 : m.getIndex();
    if (index < 0 || index >= text.length()) {
      return "quote";
    }
    char c = text.charAt(index);
    return c == '\'' ? "\"'\"" : "'" + c + "'";
  }

  /** {@code source:line:column} of {@code key} on the line Jackson reported. */
  private static String atKey(String source, String text, JsonProcessingException e, String key) {
    if (e.getLocation() == null) {
      return source;
    }
    int lineNr = e.getLocation().getLineNr();
    String[] lines = text.split("\n", -1);
    if (lineNr >= 1 && lineNr <= lines.length) {
      int column = lines[lineNr - 1].indexOf(key);
      if (column >= 0) {
        return source + ":" + lineNr + ":" + (column + 1);
      }
    }
    return SourceLocations.at(source, e.getLocation());
  }

  private static String quoted(String s) {
    String shown = s.length() > QUOTED_CHARS_MAX ? s.substring(0, QUOTED_CHARS_MAX) + "..." : s;
    return "'" + shown + "'";
  }

  /** A parser's message without Java class names, such as {@code `java.lang.Integer`}. */
  private static String plain(String message) {
    return message
        .replaceAll("`(?:[\\w$]+\\.)*([\\w$]+)(?:<[^`]*>)?`", "'$1'")
        .replaceAll("\\((?:class|token) [^)]*\\)", "")
        .strip();
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
