package io.ledgerlab.ledger.sandbox;

import java.util.Map;

/**
 * The class loader of one chain-code jar. It defines the jar's metered classes and hands out only
 * the SDK, the meter, and the JDK classes {@link JdkRules} allows (plus what the JVM needs to link
 * them); any other name is not found, whatever the check let through.
 */
final class SandboxLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final Map<String, byte[]> metered;
  private final ClassLoader host = SandboxLoader.class.getClassLoader();

  /** {@code metered}: the instrumented class files, by binary name ({@code com.x.Auction}). */
  SandboxLoader(String jarName, Map<String, byte[]> metered) {
    super("chaincode:" + jarName, null);
    this.metered = Map.copyOf(metered);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = find(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private Class<?> find(String name) throws ClassNotFoundException {
    byte[] bytes = metered.get(name);
    if (bytes != null) {
      return defineClass(name, bytes, 0, bytes.length);
    }
    if (name.equals(Meter.class.getName())) {
      return Meter.class;
    }
    if (name.equals(Meter.Budget.class.getName())) {
      return Meter.Budget.class;
    }
    if (name.startsWith("io.ledgerlab.chaincode.")) {
      return host.loadClass(name);
    }
    if (JdkRules.loadable(name.replace('.', '/'))) {
      return ClassLoader.getPlatformClassLoader().loadClass(name);
    }
    throw new ClassNotFoundException(name + " is not available to chain code");
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    throw new ClassNotFoundException(name + " is not available to chain code");
  }

  @Override
  public java.net.URL getResource(String name) {
    return null;
  }

  @Override
  public java.util.Enumeration<java.net.URL> getResources(String name) {
    return java.util.Collections.emptyEnumeration();
  }
}
