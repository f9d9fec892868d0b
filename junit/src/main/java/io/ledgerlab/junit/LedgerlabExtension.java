package io.ledgerlab.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Starts and closes the {@link Network} fields marked {@link LabNetwork}, and judges them after
 * every test: static fields per class, instance fields per test. Registered by {@link LabNetwork};
 * registering it by {@code @ExtendWith} as well does no harm, since each network starts once.
 */
public final class LedgerlabExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    for (Field f : fields(context.getRequiredTestClass(), true)) {
      Network net = network(f, null);
      if (!net.isStarted()) {
        net.start();
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Object instance = context.getRequiredTestInstance();
    for (Field f : fields(context.getRequiredTestClass(), false)) {
      Network net = network(f, instance);
      if (!net.isStarted()) {
        net.start();
      }
    }
  }

  /**
   * Judges every network, then closes each instance network: every one is judged and closed even
   * when judging or closing another throws; the first failure is thrown, the rest suppressed onto
   * it.
   */
  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Object instance = context.getRequiredTestInstance();
    String testId =
        context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName();
    List<Throwable> failures = new ArrayList<>();
    for (Field f : fields(context.getRequiredTestClass(), true)) {
      try {
        judge(network(f, null), f, testId, failures);
      } catch (Exception | Error e) {
        failures.add(e);
      }
    }
    for (Field f : fields(context.getRequiredTestClass(), false)) {
      Network net;
      try {
        net = network(f, instance);
      } catch (Exception | Error e) {
        failures.add(e);
        continue;
      }
      try {
        judge(net, f, testId, failures);
      } catch (Exception | Error e) {
        failures.add(e);
      }
      closeInto(net, failures);
    }
    rethrow(failures);
  }

  /** Closes every static network, even when closing one throws. */
  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    List<Throwable> failures = new ArrayList<>();
    for (Field f : fields(context.getRequiredTestClass(), true)) {
      try {
        closeInto(network(f, null), failures);
      } catch (Exception | Error e) {
        failures.add(e);
      }
    }
    rethrow(failures);
  }

  private static void closeInto(Network net, List<Throwable> failures) {
    try {
      net.close();
    } catch (RuntimeException | Error e) {
      failures.add(e);
    }
  }

  /** Throws the first of {@code failures}, if any, with the others suppressed onto it. */
  private static void rethrow(List<Throwable> failures) throws Exception {
    if (failures.isEmpty()) {
      return;
    }
    Throwable first = failures.get(0);
    failures.subList(1, failures.size()).forEach(first::addSuppressed);
    if (first instanceof Error e) {
      throw e;
    }
    throw (Exception) first;
  }

  private static void judge(Network net, Field f, String testId, List<Throwable> failures) {
    if (!net.isStarted() || !f.getAnnotation(LabNetwork.class).checks()) {
      return;
    }
    try {
      net.assertChecks(testId);
    } catch (AssertionError | RuntimeException e) {
      failures.add(e);
    }
  }

  private static List<Field> fields(Class<?> testClass, boolean statics) {
    return AnnotationSupport.findAnnotatedFields(
        testClass,
        LabNetwork.class,
        f -> Modifier.isStatic(f.getModifiers()) == statics,
        HierarchyTraversalMode.TOP_DOWN);
  }

  private static Network network(Field f, Object instance) throws IllegalAccessException {
    if (!Network.class.equals(f.getType())) {
      throw new IllegalStateException(
          "@LabNetwork marks " + f + ", which is not of type " + Network.class.getName());
    }
    f.setAccessible(true);
    Object value = f.get(instance);
    if (value == null) {
      throw new IllegalStateException(
          "@LabNetwork field " + f.getName() + " is null: give it Network.sim()...build()");
    }
    return (Network) value;
  }
}
