package io.ledgerlab.ledger.chaincode;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Something a chain code announces, recorded in the receipt; attributes are kept sorted. */
public record Event(String chainCode, String type, SortedMap<String, String> attributes) {
  public Event {
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }
}
