package io.ledgerlab.ledger.genesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and element of a YAML or JSON document sits, by JSON pointer ({@code
 * /validators/1/publicKey}), so an error found after parsing can still name its line and column.
 */
public final class SourceLocations {
  private final String source;
  private final Map<String, JsonLocation> byPointer;

  private SourceLocations(String source, Map<String, JsonLocation> byPointer) {
    this.source = source;
    this.byPointer = byPointer;
  }

  /** What the text was read from, as errors name it: usually a file's path. */
  public String source() {
    return source;
  }

  /** {@code source:line:column} of a location Jackson reported, or just {@code source}. */
  public static String at(String source, JsonLocation loc) {
    return loc == null ? source : source + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
  }

  /** The JSON pointer of the value Jackson was binding when it failed, such as {@code /a/0/b}. */
  public static String pointer(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append('/').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('/').append(r.getIndex());
      }
    }
    return sb.toString();
  }

  /** Indexes {@code text}; a syntax error is left for the binding step to report. */
  public static SourceLocations index(JsonFactory factory, String source, String text) {
    Map<String, JsonLocation> map = new HashMap<>();
    try (JsonParser parser = factory.createParser(text)) {
      while (parser.nextToken() != null) {
        map.putIfAbsent(
            parser.getParsingContext().pathAsPointer().toString(), parser.currentTokenLocation());
        if (parser.currentToken() == JsonToken.FIELD_NAME) {
          map.put(
              parser.getParsingContext().pathAsPointer().toString(), parser.currentTokenLocation());
        }
      }
    } catch (IOException e) {
      // Syntax errors are reported, with their location, when the document is bound.
    }
    return new SourceLocations(source, map);
  }

  /** Whether the document has a key or element at {@code pointer}, such as {@code /network}. */
  public boolean has(String pointer) {
    return byPointer.containsKey(pointer);
  }

  /** {@code source:line:column} of {@code pointer}, or of its nearest located parent. */
  public String where(String pointer) {
    String p = pointer;
    while (true) {
      JsonLocation loc = byPointer.get(p);
      if (loc != null) {
        return source + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
      }
      if (p.isEmpty()) {
        return source;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** An error message: where, the key path, and what was wrong. */
  public String error(String pointer, String problem) {
    if (pointer.isEmpty()) {
      return where(pointer) + ": " + problem;
    }
    return where(pointer)
        + ": "
        + pointer.substring(Math.min(1, pointer.length())).replace('/', '.')
        + ": "
        + problem;
  }
}
