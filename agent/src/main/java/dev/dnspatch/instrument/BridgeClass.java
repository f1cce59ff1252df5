package dev.dnspatch.instrument;

import dev.dnspatch.javanet.JavaNet;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The one class dnspatch adds to the JDK, generated here and defined in {@code java.net}, so the
 * code patched into {@code InetAddress}, and into Netty's resolver in any class loader, can reach
 * the agent:
 *
 * <pre>
 * package java.net;
 * public final class DnspatchBridge {
 *     public static volatile BiFunction hook;
 *     public static volatile BiFunction nettyAll, nettyFirst, nettyContext, nettyQuestion;
 *     public static volatile Consumer nettyDone;
 *
 *     public static InetAddress[] filter(InetAddress[] answer, String host) {
 *         BiFunction h = hook;
 *         return h == null ? answer : (InetAddress[]) h.apply(host, answer);
 *     }
 *     // Netty's DnsNameResolver.doResolveAll: the promise Netty completes instead of the caller's.
 *     public static Object nettyResolveAll(Object promise, String host, Object resolver, Object executor) {
 *         BiFunction h = nettyAll;
 *         return h == null ? promise : h.apply(host, new Object[] {promise, resolver, executor});
 *     }
 *     // At the end of doResolveAll (and of doResolve's detour): an answer Netty had at once goes
 *     // to the caller at once, on this thread, not after a trip through the event loop.
 *     public static void nettyDone(Object promise) {
 *         Consumer h = nettyDone;
 *         if (h != null) h.accept(promise);
 *     }
 *     // DnsNameResolver.doResolve: null, or a promise for the whole answer whose first address completes it.
 *     public static Object nettyResolveFirst(Object promise, String host, Object resolver, Object executor) {
 *         BiFunction h = nettyFirst;
 *         return h == null ? null : h.apply(host, new Object[] {promise, resolver, executor});
 *     }
 *     // DnsAddressResolveContext's constructor: the record types to ask DNS for,
 *     public static Object[] nettyRecordTypes(Object[] types, Object promise) {
 *         BiFunction h = nettyContext;
 *         return h == null ? types : (Object[]) h.apply(types, promise);
 *     }
 *     // and whether to finish with the preferred family's addresses, before the others arrive.
 *     public static boolean nettyCompleteEarly(boolean completeEarly, Object promise) {
 *         BiFunction h = nettyContext;
 *         return h == null ? completeEarly : ((Boolean) h.apply(Boolean.valueOf(completeEarly), promise)).booleanValue();
 *     }
 *     // A client's own question for records (resolveAll(DnsQuestion...), query(...)): the promise
 *     // Netty completes, null where the question is answered without a query; nettyQuery and
 *     // nettyQueried alike, with their own name.
 *     public static Object nettyRecords(Object promise, Object question, Object resolver, Object executor) {
 *         BiFunction h = nettyQuestion;
 *         return h == null ? promise : h.apply("nettyRecords", new Object[] {promise, question, resolver, executor});
 *     }
 *     // At each return of those methods: the future the caller gets.
 *     public static Object nettyAnswered(Object future) {
 *         BiFunction h = nettyQuestion;
 *         return h == null ? future : h.apply("nettyAnswered", new Object[] {future});
 *     }
 * }
 * </pre>
 *
 * It names JDK types only: classes of the boot loader cannot see the agent's, nor Netty's (see
 * {@link NettyBridge}). Netty's are defined whether or not Netty is ever loaded: a bridge
 * defined at start-up must already have them when a class loader later defines Netty. It is
 * defined without touching the boot class path (which would switch off CDS for the application
 * and make the JVM print a warning): on JDK 9+ through a private lookup in {@code java.net}, which
 * {@link JavaNet} makes without opening {@code java.net} to the application; on JDK 8 with
 * {@code sun.misc.Unsafe.defineClass} into the boot loader.
 */
final class BridgeClass {
    static final String NAME = "java.net.DnspatchBridge";
    private static final String BIFUNCTION = "java/util/function/BiFunction";
    static final String HOOK = "hook";
    private static final String CONSUMER = "java/util/function/Consumer";
    /** JDK 8 has no modules, and no JDK 9 API for {@link JavaNet} to call. */
    private static final boolean JDK_8 = System.getProperty("java.specification.version").startsWith("1.");

    private BridgeClass() {
    }

    /**
     * Defines the bridge, or finds it where an earlier dnspatch did. Synchronized: the first Netty
     * class (on an app thread) and an attach (on the attach thread) may both want it at once.
     */
    static synchronized Class<?> define(Instrumentation instrumentation) throws Exception {
        Class<?> bridge = defined();
        if (bridge != null) {
            return bridge;
        }
        byte[] bytes = generate();
        try {
            return JDK_8 ? defineWithUnsafe(bytes) : JavaNet.defineClass(instrumentation, bytes);
        } catch (LinkageError alreadyDefined) {
            // Another copy of dnspatch, in another class loader, defined it in the meantime.
            bridge = defined();
            if (bridge == null) {
                throw alreadyDefined;
            }
            return bridge;
        }
    }

    /** The bridge an earlier dnspatch defined in this JVM, or null. */
    static Class<?> defined() {
        try {
            return Class.forName(NAME, false, null);
        } catch (ClassNotFoundException notYet) {
            return null;
        }
    }

    /**
     * Sets one of the bridge's hooks, of this JDK type ({@code BiFunction} or {@code Consumer}).
     * They are public: on JDK 8 reflection sets them cheaply, on 9+ a {@code VarHandle}.
     */
    static void setHook(Class<?> bridge, String field, Class<?> type, Object hook) throws Exception {
        if (JDK_8) {
            bridge.getField(field).set(null, hook);
        } else {
            JavaNet.setStatic(bridge, field, type, hook);
        }
    }

    /** JDK 8 only; never reached on 9+, so no Unsafe warning there. */
    private static Class<?> defineWithUnsafe(byte[] bytes) throws Exception {
        Class<?> unsafeType = Class.forName("sun.misc.Unsafe");
        Field theUnsafe = unsafeType.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        return (Class<?>) defineClass.invoke(theUnsafe.get(null), NAME, bytes, 0, bytes.length, null, null);
    }

    static byte[] generate() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                InetAddressPatcher.BRIDGE, null, "java/lang/Object", null);
        writer.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, HOOK,
                "L" + BIFUNCTION + ";", null, null).visitEnd();
        MethodVisitor filter = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "filter",
                InetAddressPatcher.FILTER_DESCRIPTOR, null, null);
        filter.visitCode();
        filter.visitFieldInsn(Opcodes.GETSTATIC, InetAddressPatcher.BRIDGE, HOOK, "L" + BIFUNCTION + ";");
        filter.visitVarInsn(Opcodes.ASTORE, 2);
        filter.visitVarInsn(Opcodes.ALOAD, 2);
        Label call = new Label();
        filter.visitJumpInsn(Opcodes.IFNONNULL, call);
        filter.visitVarInsn(Opcodes.ALOAD, 0);
        filter.visitInsn(Opcodes.ARETURN);
        filter.visitLabel(call);
        // Boot classes are not verified by default, but the frame keeps the class valid when they are.
        filter.visitFrame(Opcodes.F_APPEND, 1, new Object[] {BIFUNCTION}, 0, null);
        filter.visitVarInsn(Opcodes.ALOAD, 2);
        filter.visitVarInsn(Opcodes.ALOAD, 1);
        filter.visitVarInsn(Opcodes.ALOAD, 0);
        filter.visitMethodInsn(Opcodes.INVOKEINTERFACE, BIFUNCTION, "apply",
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", true);
        filter.visitTypeInsn(Opcodes.CHECKCAST, "[Ljava/net/InetAddress;");
        filter.visitInsn(Opcodes.ARETURN);
        filter.visitMaxs(3, 3);
        filter.visitEnd();
        for (String field : new String[] {NettyBridge.ALL_FIELD, NettyBridge.FIRST_FIELD, NettyBridge.CONTEXT_FIELD,
                NettyBridge.QUESTION_FIELD}) {
            writer.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, field,
                    "L" + BIFUNCTION + ";", null, null).visitEnd();
        }
        nettyResolve(writer, NettyBridge.RESOLVE_ALL, NettyBridge.ALL_FIELD, false);
        nettyResolve(writer, NettyBridge.RESOLVE_FIRST, NettyBridge.FIRST_FIELD, true);
        nettyRecordTypes(writer);
        nettyCompleteEarly(writer);
        writer.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, NettyBridge.DONE,
                "L" + CONSUMER + ";", null, null).visitEnd();
        nettyDone(writer);
        for (String name : new String[] {NettyBridge.RECORDS, NettyBridge.QUERY, NettyBridge.QUERIED}) {
            nettyQuestion(writer, name);
        }
        nettyAnswered(writer);
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** {@code (a, question, resolver, executor)}: the hook gets {@code (name, {a, question, resolver, executor})}; a without it. */
    private static void nettyQuestion(ClassWriter writer, String name) {
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name,
                NettyBridge.QUESTION_DESCRIPTOR, null, null);
        m.visitCode();
        m.visitFieldInsn(Opcodes.GETSTATIC, InetAddressPatcher.BRIDGE, NettyBridge.QUESTION_FIELD, "L" + BIFUNCTION + ";");
        m.visitVarInsn(Opcodes.ASTORE, 4);
        m.visitVarInsn(Opcodes.ALOAD, 4);
        Label call = new Label();
        m.visitJumpInsn(Opcodes.IFNONNULL, call);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitInsn(Opcodes.ARETURN);
        m.visitLabel(call);
        m.visitFrame(Opcodes.F_APPEND, 1, new Object[] {BIFUNCTION}, 0, null);
        m.visitVarInsn(Opcodes.ALOAD, 4);
        m.visitLdcInsn(name);
        m.visitInsn(Opcodes.ICONST_4);
        m.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        for (int i = 0; i < 4; i++) {
            m.visitInsn(Opcodes.DUP);
            m.visitInsn(Opcodes.ICONST_0 + i);
            m.visitVarInsn(Opcodes.ALOAD, i);
            m.visitInsn(Opcodes.AASTORE);
        }
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, BIFUNCTION, "apply",
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", true);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(6, 5);
        m.visitEnd();
    }

    /** {@code (future)}: the hook gets {@code ("nettyAnswered", {future})}; the future without it. */
    private static void nettyAnswered(ClassWriter writer) {
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, NettyBridge.ANSWERED,
                NettyBridge.ANSWERED_DESCRIPTOR, null, null);
        m.visitCode();
        m.visitFieldInsn(Opcodes.GETSTATIC, InetAddressPatcher.BRIDGE, NettyBridge.QUESTION_FIELD, "L" + BIFUNCTION + ";");
        m.visitVarInsn(Opcodes.ASTORE, 1);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        Label call = new Label();
        m.visitJumpInsn(Opcodes.IFNONNULL, call);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitInsn(Opcodes.ARETURN);
        m.visitLabel(call);
        m.visitFrame(Opcodes.F_APPEND, 1, new Object[] {BIFUNCTION}, 0, null);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitLdcInsn(NettyBridge.ANSWERED);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        m.visitInsn(Opcodes.DUP);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitInsn(Opcodes.AASTORE);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, BIFUNCTION, "apply",
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", true);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(6, 2);
        m.visitEnd();
    }

    /** {@code (promise, host, resolver, executor)}: the hook gets {@code (host, {promise, resolver, executor})}. */
    private static void nettyResolve(ClassWriter writer, String name, String field, boolean nullWithoutHook) {
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, NettyBridge.RESOLVE_DESCRIPTOR,
                null, null);
        m.visitCode();
        m.visitFieldInsn(Opcodes.GETSTATIC, InetAddressPatcher.BRIDGE, field, "L" + BIFUNCTION + ";");
        m.visitVarInsn(Opcodes.ASTORE, 4);
        m.visitVarInsn(Opcodes.ALOAD, 4);
        Label call = new Label();
        m.visitJumpInsn(Opcodes.IFNONNULL, call);
        if (nullWithoutHook) {
            m.visitInsn(Opcodes.ACONST_NULL);
        } else {
            m.visitVarInsn(Opcodes.ALOAD, 0);
        }
        m.visitInsn(Opcodes.ARETURN);
        m.visitLabel(call);
        m.visitFrame(Opcodes.F_APPEND, 1, new Object[] {BIFUNCTION}, 0, null);
        m.visitVarInsn(Opcodes.ALOAD, 4);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitInsn(Opcodes.ICONST_3);
        m.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        int[] from = {0, 2, 3};
        for (int i = 0; i < from.length; i++) {
            m.visitInsn(Opcodes.DUP);
            m.visitInsn(Opcodes.ICONST_0 + i);
            m.visitVarInsn(Opcodes.ALOAD, from[i]);
            m.visitInsn(Opcodes.AASTORE);
        }
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, BIFUNCTION, "apply",
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", true);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(6, 5);
        m.visitEnd();
    }

    private static void nettyRecordTypes(ClassWriter writer) {
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, NettyBridge.RECORD_TYPES,
                NettyBridge.RECORD_TYPES_DESCRIPTOR, null, null);
        m.visitCode();
        m.visitFieldInsn(Opcodes.GETSTATIC, InetAddressPatcher.BRIDGE, NettyBridge.CONTEXT_FIELD, "L" + BIFUNCTION + ";");
        m.visitVarInsn(Opcodes.ASTORE, 2);
        m.visitVarInsn(Opcodes.ALOAD, 2);
        Label call = new Label();
        m.visitJumpInsn(Opcodes.IFNONNULL, call);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitInsn(Opcodes.ARETURN);
        m.visitLabel(call);
        m.visitFrame(Opcodes.F_APPEND, 1, new Object[] {BIFUNCTION}, 0, null);
        m.visitVarInsn(Opcodes.ALOAD, 2);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, BIFUNCTION, "apply",
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", true);
        m.visitTypeInsn(Opcodes.CHECKCAST, "[Ljava/lang/Object;");
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(3, 3);
        m.visitEnd();
    }

    private static void nettyDone(ClassWriter writer) {
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, NettyBridge.DONE, NettyBridge.DONE_DESCRIPTOR,
                null, null);
        m.visitCode();
        m.visitFieldInsn(Opcodes.GETSTATIC, InetAddressPatcher.BRIDGE, NettyBridge.DONE, "L" + CONSUMER + ";");
        m.visitVarInsn(Opcodes.ASTORE, 1);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        Label call = new Label();
        m.visitJumpInsn(Opcodes.IFNONNULL, call);
        m.visitInsn(Opcodes.RETURN);
        m.visitLabel(call);
        m.visitFrame(Opcodes.F_APPEND, 1, new Object[] {CONSUMER}, 0, null);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, CONSUMER, "accept", "(Ljava/lang/Object;)V", true);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(2, 2);
        m.visitEnd();
    }

    private static void nettyCompleteEarly(ClassWriter writer) {
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, NettyBridge.COMPLETE_EARLY,
                NettyBridge.COMPLETE_EARLY_DESCRIPTOR, null, null);
        m.visitCode();
        m.visitFieldInsn(Opcodes.GETSTATIC, InetAddressPatcher.BRIDGE, NettyBridge.CONTEXT_FIELD, "L" + BIFUNCTION + ";");
        m.visitVarInsn(Opcodes.ASTORE, 2);
        m.visitVarInsn(Opcodes.ALOAD, 2);
        Label call = new Label();
        m.visitJumpInsn(Opcodes.IFNONNULL, call);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(call);
        m.visitFrame(Opcodes.F_APPEND, 1, new Object[] {BIFUNCTION}, 0, null);
        m.visitVarInsn(Opcodes.ALOAD, 2);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Boolean", "valueOf", "(Z)Ljava/lang/Boolean;", false);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, BIFUNCTION, "apply",
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", true);
        m.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Boolean");
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Boolean", "booleanValue", "()Z", false);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(3, 3);
        m.visitEnd();
    }
}
