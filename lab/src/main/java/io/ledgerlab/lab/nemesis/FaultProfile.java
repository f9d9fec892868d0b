package io.ledgerlab.lab.nemesis;

import io.ledgerlab.lab.engine.FaultKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which kinds of faults a random nemesis draws from. A profile names kinds; an engine draws those
 * of them it supports (the process engine has no power-loss crash), and the report says which.
 */
public enum FaultProfile {
  NONE(EnumSet.noneOf(FaultKind.class)),
  PARTITIONS(EnumSet.of(FaultKind.PARTITION, FaultKind.ISOLATE, FaultKind.CUT, FaultKind.BRIDGE)),
  LINKS(EnumSet.of(FaultKind.DELAY, FaultKind.LOSS, FaultKind.STALL, FaultKind.BANDWIDTH)),
  CRASHES(
      EnumSet.of(
          FaultKind.KILL, FaultKind.CRASH, FaultKind.STOP, FaultKind.RESTART, FaultKind.PAUSE)),
  CLOCK_SKEW(EnumSet.of(FaultKind.SKEW)),
  /** Every kind but the upgrade: which software to swap in is a scenario's choice, never chance. */
  ALL(EnumSet.complementOf(EnumSet.of(FaultKind.UPGRADE)));

  private final Set<FaultKind> kinds;

  FaultProfile(Set<FaultKind> kinds) {
    this.kinds = kinds;
  }

  /** The name scenarios and the CLI use: {@code partitions}, {@code clock-skew}... */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<FaultProfile> of(String key) {
    return Arrays.stream(values())
        .filter(p -> p.key().equals(key.toLowerCase(Locale.ROOT).replace('_', '-')))
        .findFirst();
  }

  /** The kinds drawn on an engine that supports {@code supported}, in a fixed order. */
  public List<FaultKind> kinds(Set<FaultKind> supported) {
    return kinds.stream().filter(supported::contains).sorted().toList();
  }
}
