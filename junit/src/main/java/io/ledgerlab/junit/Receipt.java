package io.ledgerlab.junit;

import io.ledgerlab.chaincode.Args;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.opentest4j.AssertionFailedError;

/**
 * What one chain-code call did, as the chain records it: success with result bytes and events, or a
 * failure code and message (a failed call keeps no writes and no events). The same value comes from
 * the in-memory {@link ChainCodeKit} and from a {@link Network}, so assertions read the same in a
 * unit test and on a network.
 *
 * @param tx the transaction's id (its hash in hex on a network, {@code kit-<n>} in the kit)
 * @param height the height of the block that holds it
 * @param thrown in the kit, the exception a call threw that the chain records only as {@code
 *     CHAIN_CODE_ERROR}, to debug with; null on a network
 */
public record Receipt(
    String tx,
    long height,
    boolean ok,
    String errorCode,
    String message,
    byte[] result,
    List<Event> events,
    RuntimeException thrown) {
  public Receipt {
    Objects.requireNonNull(tx, "tx");
    errorCode = errorCode == null ? "" : errorCode;
    message = message == null ? "" : message;
    result = result.clone();
    events = List.copyOf(events);
  }

  /** One event a call emitted; attributes in key order. */
  public record Event(String chainCode, String type, SortedMap<String, String> attributes) {
    public Event {
      attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    public String attribute(String key) {
      return attributes.get(key);
    }
  }

  @Override
  public byte[] result() {
    return result.clone();
  }

  /** The result, to read with the SDK's codec. */
  public Args.Reader reader() {
    return Args.reader(result);
  }

  /** Fails, with the code and message, unless the call succeeded; returns this for chaining. */
  public Receipt assertOk() {
    if (!ok) {
      AssertionFailedError e =
          new AssertionFailedError(
              "expected " + tx + " to succeed, but it failed with " + errorCode + ": " + message);
      if (thrown != null) {
        e.initCause(thrown);
      }
      throw e;
    }
    return this;
  }

  /** Fails unless the call failed with {@code code}; returns this for chaining. */
  public Receipt assertFails(String code) {
    if (ok) {
      throw new AssertionFailedError(
          "expected " + tx + " to fail with " + code + ", but it succeeded", code, "ok");
    }
    if (!errorCode.equals(code)) {
      throw new AssertionFailedError(
          "expected "
              + tx
              + " to fail with "
              + code
              + ", but it failed with "
              + errorCode
              + ": "
              + message,
          code,
          errorCode);
    }
    return this;
  }

  /** The events of {@code type}, in the order they were emitted. */
  public List<Event> events(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  /** The first event of {@code type}. */
  public Optional<Event> event(String type) {
    return events.stream().filter(e -> e.type().equals(type)).findFirst();
  }

  /** Fails unless an event of {@code type} was emitted; returns it. */
  public Event assertEvent(String type) {
    return event(type)
        .orElseThrow(
            () ->
                new AssertionFailedError(
                    "expected "
                        + tx
                        + " to emit '"
                        + type
                        + "', it emitted "
                        + events.stream().map(Event::type).toList()));
  }
}
