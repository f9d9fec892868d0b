package io.ledgerlab.lab.nemesis;

/** Undoes one fault, and only that one; calling it again does nothing. */
@FunctionalInterface
public interface Undo {
  void undo();

  Undo NOTHING = () -> {};
}
