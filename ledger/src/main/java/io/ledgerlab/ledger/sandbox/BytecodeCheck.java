package io.ledgerlab.ledger.sandbox;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The check of a jar's original bytecode: every class, method and field it refers to must be its
 * own, the SDK's, or allowed by {@link JdkRules}, and it may not hold static mutable state, native
 * methods, monitors or anything else listed in {@link Sandbox}. It collects every violation.
 */
final class BytecodeCheck {
  static final String SDK_PACKAGE = "io/ledgerlab/chaincode/";
  private static final String STRING = "()Ljava/lang/String;";
  private static final int CLASS_VERSION_MIN = Opcodes.V1_8;

  /** Types a static final field may hold: values nobody can change. */
  private static final Set<String> IMMUTABLE_TYPES =
      Set.of(
          "java/lang/String",
          "java/lang/Boolean",
          "java/lang/Character",
          "java/lang/Byte",
          "java/lang/Short",
          "java/lang/Integer",
          "java/lang/Long",
          "java/lang/Float",
          "java/lang/Double",
          "java/math/BigInteger",
          "java/math/MathContext",
          "java/math/RoundingMode",
          "java/nio/charset/Charset",
          SDK_PACKAGE + "Address");

  /**
   * JDK types whose hashCode and toString depend only on their value. Any other JDK receiver (a
   * collection, an Optional, a map entry) combines its elements' hash codes and strings, which may
   * be identity hashes; so calling hashCode or toString on it is refused.
   */
  private static final Set<String> VALUE_TYPES =
      Set.of(
          "java/lang/String",
          "java/lang/CharSequence",
          "java/lang/StringBuilder",
          "java/lang/Boolean",
          "java/lang/Character",
          "java/lang/Byte",
          "java/lang/Short",
          "java/lang/Integer",
          "java/lang/Long",
          "java/lang/Float",
          "java/lang/Double",
          "java/math/BigInteger",
          "java/math/RoundingMode");

  /** What a JDK exception says: its text differs between JDK versions and flags. */
  private static final Set<String> EXCEPTION_TEXT =
      Set.of(
          "getMessage",
          "getLocalizedMessage",
          "toString",
          "getCause",
          "getStackTrace",
          "getSuppressed",
          "printStackTrace",
          "fillInStackTrace");

  private final Map<String, ClassNode> jar;
  private final Set<Violation> found = new LinkedHashSet<>();
  private ClassNode current;
  private MethodNode method;

  private BytecodeCheck(Map<String, ClassNode> jar) {
    this.jar = jar;
  }

  /** Every violation in the jar's classes, keyed by internal name. */
  static List<Violation> check(Map<String, ClassNode> jar) {
    BytecodeCheck check = new BytecodeCheck(jar);
    for (ClassNode node : jar.values()) {
      check.checkClass(node);
    }
    return new ArrayList<>(check.found);
  }

  private void checkClass(ClassNode node) {
    current = node;
    method = null;
    if ((node.version & 0xFFFF) < CLASS_VERSION_MIN) {
      report("is compiled for a JVM before Java 8", "class file version");
    }
    // The SDK and the meter come from the host; a jar class of the same name would shadow them.
    for (String reserved : List.of("java/", "javax/", "jdk/", "sun/", "com/sun/", SDK_PACKAGE)) {
      if (node.name.startsWith(reserved)) {
        report("is in the reserved package " + reserved, "name clash with host classes");
      }
    }
    if (node.name.startsWith(Metering.METER)) {
      report("has the name of the sandbox's meter", "name clash with host classes");
    }
    if (node.superName != null) {
      type(node.superName, "extends ");
    }
    for (String iface : node.interfaces) {
      type(iface, "implements ");
    }
    for (FieldNode field : node.fields) {
      checkField(field);
    }
    for (MethodNode m : node.methods) {
      checkMethod(m);
    }
  }

  private void checkField(FieldNode field) {
    descriptor(Type.getType(field.desc), "declares field " + field.name + " of type ");
    if ((field.access & Opcodes.ACC_STATIC) == 0) {
      return;
    }
    if ((field.access & Opcodes.ACC_FINAL) == 0) {
      report("declares static field " + field.name + " that is not final", JdkRules.STATIC_STATE);
    } else if (!immutable(Type.getType(field.desc)) && !compilerMade(field)) {
      report(
          "declares static final field " + field.name + " of mutable type " + field.desc,
          JdkRules.STATIC_STATE);
    }
  }

  /**
   * javac's enum constants array (in an enum) and enum-switch maps (in a synthetic class): written
   * only by their initialiser.
   */
  private boolean compilerMade(FieldNode field) {
    if ((field.access & Opcodes.ACC_SYNTHETIC) == 0) {
      return false;
    }
    return field.name.equals("$VALUES")
        ? (current.access & Opcodes.ACC_ENUM) != 0
        : field.name.startsWith("$SwitchMap$") && (current.access & Opcodes.ACC_SYNTHETIC) != 0;
  }

  private boolean immutable(Type type) {
    if (type.getSort() != Type.OBJECT) {
      return type.getSort() != Type.ARRAY;
    }
    String name = type.getInternalName();
    if (IMMUTABLE_TYPES.contains(name)) {
      return true;
    }
    ClassNode own = jar.get(name);
    return own != null && ownFieldsFinal(own);
  }

  /** A jar class whose instance fields, and its jar superclasses', are all final. */
  private boolean ownFieldsFinal(ClassNode node) {
    for (ClassNode c = node; c != null; c = jar.get(c.superName)) {
      for (FieldNode f : c.fields) {
        if ((f.access & (Opcodes.ACC_STATIC | Opcodes.ACC_FINAL)) == 0) {
          return false;
        }
      }
    }
    return true;
  }

  private void checkMethod(MethodNode m) {
    method = m;
    if ((m.access & Opcodes.ACC_NATIVE) != 0) {
      report("declares native method " + m.name + m.desc, JdkRules.NATIVE);
    }
    if ((m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
      report("is synchronized", JdkRules.THREADS);
    }
    if (m.name.equals("finalize") && m.desc.equals("()V")) {
      report("declares a finalizer, which runs on the collector's thread", JdkRules.THREADS);
    }
    methodDescriptor(m.desc, "declares ");
    for (String thrown : m.exceptions) {
      type(thrown, "throws ");
    }
    for (TryCatchBlockNode block : m.tryCatchBlocks) {
      if (block.type != null) {
        type(block.type, "catches ");
      }
    }
    for (AbstractInsnNode insn : m.instructions) {
      instruction(insn);
    }
    method = null;
  }

  private void instruction(AbstractInsnNode insn) {
    int op = insn.getOpcode();
    if (insn instanceof MethodInsnNode call) {
      call(call.owner, call.name, call.desc);
    } else if (insn instanceof FieldInsnNode field) {
      field(field.owner, field.name, field.desc, op);
    } else if (insn instanceof TypeInsnNode t) {
      type(t.desc, "uses ");
    } else if (insn instanceof InvokeDynamicInsnNode indy) {
      invokeDynamic(indy);
    } else if (insn instanceof LdcInsnNode ldc) {
      constant(ldc.cst);
    } else if (op == Opcodes.MULTIANEWARRAY) {
      report("allocates a multi-dimensional array", JdkRules.UNMETERED);
    } else if (op == Opcodes.MONITORENTER || op == Opcodes.MONITOREXIT) {
      report("holds a monitor (synchronized block)", JdkRules.THREADS);
    } else if (op == Opcodes.JSR || op == Opcodes.RET) {
      report("uses a subroutine (JSR/RET)", "class file version");
    }
  }

  private void call(String owner, String name, String desc) {
    String what = "calls " + owner + "." + name + desc;
    methodDescriptor(desc, what + " with type ");
    if (owner.startsWith("[")) {
      Type element = Type.getType(owner).getElementType();
      descriptor(element, what + " on ");
      if (!name.equals("clone") && !name.equals("equals")) {
        report(what, name.equals("getClass") ? JdkRules.REFLECTION : JdkRules.IDENTITY);
      }
      return;
    }
    if (jar.containsKey(owner)) {
      String rule = objectMethodRule(name, desc);
      if (rule == null && identityFallback(owner, name, desc)) {
        rule = JdkRules.IDENTITY;
      }
      if (rule != null) {
        report(what, rule);
      }
      return;
    }
    if (owner.startsWith(SDK_PACKAGE)) {
      return;
    }
    String rule = JdkRules.memberRule(owner, name, desc);
    if (rule == null && EXCEPTION_TEXT.contains(name) && jdkThrowable(owner)) {
      rule = JdkRules.EXCEPTION_TEXT;
    }
    boolean hashOrText =
        (name.equals("hashCode") && desc.equals("()I"))
            || (name.equals("toString") && desc.equals(STRING));
    if (rule == null && hashOrText && !VALUE_TYPES.contains(owner)) {
      rule = JdkRules.IDENTITY;
    }
    if (rule != null) {
      report(what, rule);
    }
  }

  /** Whether {@code owner} is a JDK exception (or error) class. */
  private static boolean jdkThrowable(String owner) {
    try {
      Class<?> c =
          Class.forName(owner.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
      return Throwable.class.isAssignableFrom(c);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The rule broken by calling one of Object's final methods through a jar class, or null. */
  private static String objectMethodRule(String name, String desc) {
    return switch (name + desc) {
      case "getClass()Ljava/lang/Class;" -> JdkRules.REFLECTION;
      case "wait()V", "wait(J)V", "wait(JI)V", "notify()V", "notifyAll()V" -> JdkRules.THREADS;
      default -> null;
    };
  }

  /**
   * Whether {@code hashCode()} or {@code toString()} called on {@code owner} ends in Object's (or
   * Enum's hash code): an identity hash, different on every run.
   */
  private boolean identityFallback(String owner, String name, String desc) {
    boolean hash = name.equals("hashCode") && desc.equals("()I");
    if (!hash && !(name.equals("toString") && desc.equals(STRING))) {
      return false;
    }
    String c = owner;
    while (jar.containsKey(c)) {
      ClassNode node = jar.get(c);
      for (MethodNode m : node.methods) {
        if (m.name.equals(name) && m.desc.equals(desc) && (m.access & Opcodes.ACC_ABSTRACT) == 0) {
          return false;
        }
      }
      c = node.superName;
    }
    return hostDeclaresIdentity(c, name, hash);
  }

  /** Whether a host class's hashCode/toString is the identity one (Object's, or Enum's hash). */
  private static boolean hostDeclaresIdentity(String internalName, String name, boolean hash) {
    if (internalName == null) {
      return true;
    }
    try {
      ClassLoader loader =
          internalName.startsWith(SDK_PACKAGE)
              ? BytecodeCheck.class.getClassLoader()
              : ClassLoader.getPlatformClassLoader();
      Class<?> c = Class.forName(internalName.replace('/', '.'), false, loader);
      Method m = c.getMethod(name);
      Class<?> declaring = m.getDeclaringClass();
      return declaring == Object.class || (hash && declaring == Enum.class);
    } catch (ReflectiveOperationException | LinkageError e) {
      return true;
    }
  }

  private void field(String owner, String name, String desc, int op) {
    String verb = op == Opcodes.PUTSTATIC || op == Opcodes.PUTFIELD ? "writes " : "reads ";
    String what = verb + owner + "." + name;
    descriptor(Type.getType(desc), what + " of type ");
    if (op == Opcodes.PUTSTATIC
        && !(owner.equals(current.name) && method != null && method.name.equals("<clinit>"))) {
      report(what + " outside its class initialiser", JdkRules.STATIC_STATE);
    }
    if (jar.containsKey(owner) || owner.startsWith(SDK_PACKAGE) || owner.startsWith("[")) {
      return;
    }
    String rule = JdkRules.memberRule(owner, name, desc);
    if (rule != null) {
      report(what, rule);
    }
  }

  private void invokeDynamic(InvokeDynamicInsnNode indy) {
    Handle bsm = indy.bsm;
    if (!JdkRules.isBootstrap(bsm.getOwner(), bsm.getName())) {
      report(
          "uses invokedynamic with bootstrap " + bsm.getOwner() + "." + bsm.getName(),
          JdkRules.REFLECTION);
      return;
    }
    methodDescriptor(indy.desc, "uses invokedynamic " + indy.name + " with type ");
    if (bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
      for (Type arg : Type.getArgumentTypes(indy.desc)) {
        if (arg.getSort() == Type.OBJECT
            && (identityFallback(arg.getInternalName(), "toString", STRING)
                || arg.getInternalName().startsWith("java/util/"))) {
          report("concatenates a " + arg.getClassName() + " to a string", JdkRules.IDENTITY);
        }
      }
    }
    if (bsm.getOwner().equals("java/lang/runtime/ObjectMethods")
        && (indy.name.equals("hashCode") || indy.name.equals("toString"))) {
      recordComponents(indy);
    }
    for (Object arg : indy.bsmArgs) {
      if (arg instanceof Handle handle) {
        handle(handle);
      } else if (arg instanceof Type t) {
        if (t.getSort() == Type.METHOD) {
          methodDescriptor(t.getDescriptor(), "uses invokedynamic " + indy.name + " with type ");
        } else {
          descriptor(t, "uses invokedynamic " + indy.name + " with type ");
        }
      } else if (arg instanceof ConstantDynamic) {
        report("uses a dynamic constant", JdkRules.REFLECTION);
      }
    }
  }

  /**
   * A record's generated hashCode or toString combines its components': each must have a value's
   * hash code or string, not an identity one (an enum's hash code is one, as is any object's that
   * does not override it).
   */
  private void recordComponents(InvokeDynamicInsnNode indy) {
    boolean hash = indy.name.equals("hashCode");
    for (Object arg : indy.bsmArgs) {
      if (!(arg instanceof Handle h) || h.getTag() != Opcodes.H_GETFIELD) {
        continue;
      }
      Type t = Type.getType(h.getDesc());
      if (t.getSort() == Type.ARRAY
          || (t.getSort() == Type.OBJECT
              && (t.getInternalName().startsWith("java/util/")
                  || t.getInternalName().equals("java/lang/Object")
                  || identityFallback(
                      t.getInternalName(),
                      hash ? "hashCode" : "toString",
                      hash ? "()I" : STRING)))) {
        report(
            "makes a record " + indy.name + " over component " + h.getName() + " of type " + t,
            JdkRules.IDENTITY);
      }
    }
  }

  private void handle(Handle handle) {
    if (handle.getTag() <= Opcodes.H_PUTSTATIC) {
      int op =
          switch (handle.getTag()) {
            case Opcodes.H_GETFIELD -> Opcodes.GETFIELD;
            case Opcodes.H_GETSTATIC -> Opcodes.GETSTATIC;
            case Opcodes.H_PUTFIELD -> Opcodes.PUTFIELD;
            default -> Opcodes.PUTSTATIC;
          };
      field(handle.getOwner(), handle.getName(), handle.getDesc(), op);
    } else {
      call(handle.getOwner(), handle.getName(), handle.getDesc());
    }
  }

  private void constant(Object cst) {
    if (cst instanceof Type t) {
      if (t.getSort() == Type.METHOD) {
        report("loads a method type constant", JdkRules.REFLECTION);
        return;
      }
      Type element = t.getSort() == Type.ARRAY ? t.getElementType() : t;
      if (element.getSort() == Type.OBJECT && !jar.containsKey(element.getInternalName())) {
        report("loads the class literal " + t.getClassName(), JdkRules.REFLECTION);
      }
    } else if (cst instanceof Handle handle) {
      report(
          "loads a method handle to " + handle.getOwner() + "." + handle.getName(),
          JdkRules.REFLECTION);
    } else if (cst instanceof ConstantDynamic) {
      report("loads a dynamic constant", JdkRules.REFLECTION);
    }
  }

  private void methodDescriptor(String desc, String what) {
    for (Type arg : Type.getArgumentTypes(desc)) {
      descriptor(arg, what);
    }
    descriptor(Type.getReturnType(desc), what);
  }

  private void descriptor(Type t, String what) {
    Type element = t.getSort() == Type.ARRAY ? t.getElementType() : t;
    if (element.getSort() == Type.OBJECT) {
      type(element.getInternalName(), what);
    }
  }

  /** A class named by internal name, or an array descriptor as in ANEWARRAY or CHECKCAST. */
  private void type(String name, String what) {
    if (name.startsWith("[")) {
      descriptor(Type.getType(name), what);
      return;
    }
    if (jar.containsKey(name) || name.startsWith(SDK_PACKAGE)) {
      return;
    }
    String rule = JdkRules.typeRule(name);
    if (rule != null) {
      report(what + name, rule);
    }
  }

  private void report(String call, String rule) {
    String className = current.name.replace('/', '.');
    String methodName = method == null ? "" : method.name;
    found.add(new Violation(className, methodName, call, rule));
  }
}
