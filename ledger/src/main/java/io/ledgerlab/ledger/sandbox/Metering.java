package io.ledgerlab.ledger.sandbox;

import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;
import org.objectweb.asm.tree.ClassNode;

/**
 * Rewrites a checked class so that it pays for what it runs: a step and a frame at every method
 * entry, a step before every jump and switch (loops pay per iteration), and a step per element
 * before every array allocation and every sized JDK call. Every exit, normal or exceptional, leaves
 * the frame. The charges depend only on the bytecode executed.
 */
final class Metering {
  static final String METER = Meter.class.getName().replace('.', '/');
  static final String BUDGET = Meter.Budget.class.getName().replace('.', '/');
  private static final org.objectweb.asm.Type BUDGET_TYPE =
      org.objectweb.asm.Type.getObjectType(BUDGET);

  private Metering() {}

  /** The metered bytecode of {@code original}, one of the jar's classes. */
  static byte[] instrument(byte[] original, Map<String, ClassNode> jar) {
    ClassReader reader = new ClassReader(original);
    ClassWriter writer = new JarClassWriter(jar);
    reader.accept(new MeteredClass(writer, jar.keySet()), ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }

  private static final class MeteredClass extends ClassVisitor {
    private final java.util.Set<String> own;

    MeteredClass(ClassVisitor next, java.util.Set<String> own) {
      super(Opcodes.ASM9, next);
      this.own = own;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String desc, String signature, String[] exceptions) {
      MethodVisitor next = super.visitMethod(access, name, desc, signature, exceptions);
      if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
        return next;
      }
      return new MeteredMethod(next, access, name, desc, own);
    }
  }

  private static final class MeteredMethod extends AdviceAdapter {
    private static final String CONCAT = "java/lang/invoke/StringConcatFactory";
    private static final java.util.Set<String> CONTEXT =
        java.util.Set.of(
            "get", "range", "put", "delete", "emit", "balanceOf", "transferFromCaller");
    private final Label start = new Label();
    private final java.util.Set<String> own;
    private boolean entered;
    private int budget;

    MeteredMethod(
        MethodVisitor next, int access, String name, String desc, java.util.Set<String> own) {
      super(Opcodes.ASM9, next, access, name, desc);
      this.own = own;
    }

    @Override
    protected void onMethodEnter() {
      // The budget is fetched once, here, and kept in a local: every later charge in the method
      // is a call on it, not a thread-local lookup.
      budget = newLocal(BUDGET_TYPE);
      super.visitMethodInsn(
          INVOKESTATIC, METER, "enter", "()" + BUDGET_TYPE.getDescriptor(), false);
      storeLocal(budget);
      entered = true;
      super.visitLabel(start);
    }

    @Override
    protected void onMethodExit(int opcode) {
      // A throw leaves through the catch-all handler below, which leaves the frame.
      if (opcode != ATHROW) {
        meter("exit");
      }
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      meter("step");
      super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      meter("step");
      super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      meter("step");
      super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      if (opcode == NEWARRAY) {
        chargeArray(
            switch (operand) {
              case T_BOOLEAN, T_BYTE -> 1;
              case T_CHAR, T_SHORT -> 2;
              case T_INT, T_FLOAT -> 4;
              default -> 8;
            });
      }
      super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      if (opcode == ANEWARRAY) {
        chargeArray(4);
      } else if (opcode == NEW) {
        meter("object");
      }
      super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String desc, boolean isInterface) {
      if (JdkRules.isSized(owner, name, desc)) {
        chargeLength();
      }
      boolean context = owner.startsWith(BytecodeCheck.SDK_PACKAGE) && CONTEXT.contains(name);
      if (context) {
        // A state read or write reaches the node's database: it costs more than a step.
        meter("context");
      } else if (!own.contains(owner) && !owner.startsWith("[")) {
        meter("library");
      }
      super.visitMethodInsn(opcode, owner, name, desc, isInterface);
      if (!own.contains(owner)) {
        chargeResult(owner, name, Type.getReturnType(desc));
      }
    }

    /**
     * Charges what a JDK or SDK call returned, once it has: a string or an array by its size, a
     * StringBuilder by how much it grew, a BigInteger by its bits. So the work that allocates
     * inside the JDK pays too, and a structure that doubles stops at the budget.
     */
    private void chargeResult(String owner, String name, Type returned) {
      String charge;
      String type;
      if (owner.startsWith("[") && name.equals("clone")) {
        charge = "array";
        type = "Ljava/lang/Object;";
      } else if (returned.getSort() == Type.ARRAY) {
        charge = "array";
        type = "Ljava/lang/Object;";
      } else if (returned.getSort() != Type.OBJECT) {
        return;
      } else {
        switch (returned.getInternalName()) {
          case "java/lang/String" -> {
            charge = "string";
            type = "Ljava/lang/String;";
          }
          case "java/lang/StringBuilder" -> {
            charge = "builder";
            type = "Ljava/lang/StringBuilder;";
          }
          case "java/math/BigInteger" -> {
            charge = "big";
            type = "Ljava/math/BigInteger;";
          }
          default -> {
            return;
          }
        }
      }
      charge(charge, "(" + type + ")" + type, true, null);
      if (type.equals("Ljava/lang/Object;") && returned.getSort() == Type.ARRAY) {
        super.visitTypeInsn(CHECKCAST, returned.getInternalName());
      }
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... bsmArgs) {
      meter("library");
      super.visitInvokeDynamicInsn(name, desc, bsm, bsmArgs);
      if (bsm.getOwner().equals(CONCAT)) {
        charge("string", "(Ljava/lang/String;)Ljava/lang/String;", true, null);
      }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      if (entered) {
        // The catch-all comes last in the exception table, so the method's own handlers run
        // first; it leaves the frame and rethrows.
        Label handler = new Label();
        super.visitLabel(handler);
        super.visitTryCatchBlock(start, handler, handler, null);
        meter("exit");
        super.visitInsn(ATHROW);
      }
      super.visitMaxs(maxStack, maxLocals);
    }

    /** Charges the array length on top of the stack at {@code bytes} each, leaving it there. */
    private void chargeArray(int bytes) {
      super.visitInsn(DUP);
      charge("allocate", "(II)V", true, bytes);
    }

    /** Charges the int on top of the stack, leaving it there. */
    private void chargeLength() {
      super.visitInsn(DUP);
      charge("allocate", "(I)V", true, null);
    }

    /** A charge without operands. */
    private void meter(String name) {
      charge(name, "()V", false, null);
    }

    /**
     * Calls the charge {@code name}: on the method's budget once it holds one, else through the
     * meter's thread-local (before a constructor's super call). With {@code operand}, the value on
     * top of the stack is its first argument; {@code constant}, when given, its second.
     */
    private void charge(String name, String desc, boolean operand, Integer constant) {
      if (entered) {
        loadLocal(budget);
        if (operand) {
          super.visitInsn(SWAP);
        }
      }
      if (constant != null) {
        super.visitLdcInsn(constant);
      }
      super.visitMethodInsn(
          entered ? INVOKEVIRTUAL : INVOKESTATIC, entered ? BUDGET : METER, name, desc, false);
    }
  }

  /**
   * Computes frames with class hierarchy knowledge from the jar itself and the host's JDK and SDK
   * classes, without loading any of the jar's classes.
   */
  private static final class JarClassWriter extends ClassWriter {
    private static final String OBJECT = "java/lang/Object";
    private final Map<String, ClassNode> jar;

    JarClassWriter(Map<String, ClassNode> jar) {
      super(COMPUTE_FRAMES);
      this.jar = jar;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
      if (isAssignable(type1, type2)) {
        return type1;
      }
      if (isAssignable(type2, type1)) {
        return type2;
      }
      if (isInterface(type1) || isInterface(type2)) {
        return OBJECT;
      }
      for (String c = superOf(type1); c != null; c = superOf(c)) {
        if (isAssignable(c, type2)) {
          return c;
        }
      }
      return OBJECT;
    }

    /** Whether {@code from} is a subclass of, or implements, {@code to}. */
    private boolean isAssignable(String to, String from) {
      for (String c = from; c != null; c = superOf(c)) {
        if (c.equals(to) || implementsInterface(c, to)) {
          return true;
        }
      }
      return false;
    }

    private boolean implementsInterface(String c, String iface) {
      for (String i : interfacesOf(c)) {
        if (i.equals(iface) || implementsInterface(i, iface)) {
          return true;
        }
      }
      return false;
    }

    private boolean isInterface(String type) {
      ClassNode node = jar.get(type);
      if (node != null) {
        return (node.access & Opcodes.ACC_INTERFACE) != 0;
      }
      Class<?> host = host(type);
      return host != null && host.isInterface();
    }

    private String superOf(String type) {
      ClassNode node = jar.get(type);
      if (node != null) {
        return node.superName;
      }
      Class<?> host = host(type);
      if (host == null) {
        return type.equals(OBJECT) ? null : OBJECT;
      }
      Class<?> s = host.getSuperclass();
      return s == null ? null : s.getName().replace('.', '/');
    }

    private String[] interfacesOf(String type) {
      ClassNode node = jar.get(type);
      if (node != null) {
        return node.interfaces.toArray(new String[0]);
      }
      Class<?> host = host(type);
      if (host == null) {
        return new String[0];
      }
      Class<?>[] ifaces = host.getInterfaces();
      String[] names = new String[ifaces.length];
      for (int i = 0; i < ifaces.length; i++) {
        names[i] = ifaces[i].getName().replace('.', '/');
      }
      return names;
    }

    /** A JDK or SDK class, looked at without initialising it; null if unknown. */
    private static Class<?> host(String type) {
      ClassLoader loader =
          type.startsWith(BytecodeCheck.SDK_PACKAGE)
              ? Metering.class.getClassLoader()
              : ClassLoader.getPlatformClassLoader();
      try {
        return Class.forName(type.replace('/', '.'), false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }
  }
}
