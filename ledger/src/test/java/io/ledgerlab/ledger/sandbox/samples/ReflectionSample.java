package io.ledgerlab.ledger.sandbox.samples;

/** Finds a method by reflection. */
public class ReflectionSample extends Sample {
  @Override
  protected long run(int n) {
    try {
      return Class.forName("java.lang.String").getDeclaredMethod("length").getModifiers();
    } catch (ReflectiveOperationException e) {
      return -1;
    }
  }
}
