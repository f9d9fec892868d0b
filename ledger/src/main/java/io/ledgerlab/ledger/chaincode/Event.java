package io.ledgerlab.ledger.chaincode;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Something a chain code announces, recorded in the receipt; attributes are kept sorted. */
public record Event(String chainCode, String type, SortedMap<String, String> attributes) {
  public Event {
    // Natural order whatever the caller's map used: the encoding depends on it.
    TreeMap<String, String> sorted = new TreeMap<>();
    sorted.putAll(attributes);
    attributes = Collections.unmodifiableSortedMap(sorted);
  }
}
