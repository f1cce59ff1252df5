package dev.dnspatch.netty;

import dev.dnspatch.instrument.NettyBridge;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites Netty's {@code DnsNameResolver} (the original, or a relocated copy with its own names,
 * see {@link NettyNames}) so that every way it answers a question for addresses starts with a call
 * to the bridge.
 *
 * <p><b>Address lookups.</b> Its two address lookups are protected methods that Netty documents as
 * hooks for extension, with the same signature from Netty 4.1.6 to 4.2:
 *
 * <pre>
 * protected void doResolveAll(String inetHost, DnsRecord[] additionals, Promise&lt;List&lt;InetAddress&gt;&gt; promise,
 *         DnsCache resolveCache) {
 *     promise = (Promise) DnspatchBridge.nettyResolveAll(promise, inetHost, this, executor());
 *     ... Netty's code, which completes the promise it is given ...
 *     DnspatchBridge.nettyDone(promise); // before each return
 * }
 *
 * protected void doResolve(String inetHost, DnsRecord[] additionals, Promise&lt;InetAddress&gt; promise,
 *         DnsCache resolveCache) {
 *     Object all = DnspatchBridge.nettyResolveFirst(promise, inetHost, this, executor());
 *     if (all != null) {
 *         doResolveAll(inetHost, additionals, (Promise) all, resolveCache);
 *         DnspatchBridge.nettyDone(all);
 *         return;
 *     }
 *     ... Netty's code ...
 * }
 * </pre>
 *
 * Every answer, from the hosts file, the cache or DNS, completes the promise Netty is given, so
 * the hook sees all of them. Netty tells a promise's listeners on its event loop; an answer Netty
 * had at once (hosts file, cache) is handed over at the method's end instead, on the caller's
 * thread, as Netty hands it over without the patch. A lookup of one address becomes the first address of the whole
 * answer, the policy's: that is what Netty gives without the patch too (its lookup of one address
 * takes the first of the whole answer, in the same order), but the policy must see the whole.
 *
 * <p><b>Questions for records.</b> A client can also ask for A or AAAA records itself and build
 * the addresses from them (Armeria does). Every {@code resolveAll(DnsQuestion...)} ends in one
 * private method, from Netty 4.1.35 to 4.2; {@code query(...)}'s overloads end in Netty's
 * internal query method, which the lookups above share, so each public overload is patched:
 *
 * <pre>
 * private Future&lt;List&lt;DnsRecord&gt;&gt; resolveAll(DnsQuestion question, DnsRecord[] additionals,
 *         Promise&lt;List&lt;DnsRecord&gt;&gt; promise) {
 *     Object mine = DnspatchBridge.nettyRecords(promise, question, this, executor());
 *     if (mine == null) {
 *         return promise; // answered without a query: a family the mode drops
 *     }
 *     promise = (Promise) mine;
 *     ... Netty's code ...
 *     return (Future) DnspatchBridge.nettyAnswered(promise); // at each return: the caller's promise
 * }
 *
 * public Future query(..., DnsQuestion question, ..., Promise promise) { // the overloads with a promise
 *     promise = (Promise) DnspatchBridge.nettyQuery(promise, question, this, executor());
 *     ... Netty's code ...
 *     return (Future) DnspatchBridge.nettyAnswered(returned);
 * }
 *
 * public Future query(..., DnsQuestion question, ...) { // the others
 *     ... Netty's code ...
 *     return (Future) DnspatchBridge.nettyQueried(returned, question, this, executor());
 * }
 * </pre>
 */
final class ResolverPatch extends ClassVisitor {
    static final String DO_RESOLVE = "doResolve";
    static final String DO_RESOLVE_ALL = "doResolveAll";
    static final String RESOLVE_ALL = "resolveAll";
    static final String QUERY = "query";
    static final String EXECUTOR = "executor";
    private static final int HOST = 1;
    private static final int ADDITIONALS = 2;
    private static final int PROMISE_SLOT = 3;
    private static final int CACHE = 4;

    private final NettyNames names;
    private String owner;
    private boolean frames;
    private int patched;

    private ResolverPatch(ClassVisitor next, NettyNames names) {
        super(Opcodes.ASM9, next);
        this.names = names;
    }

    /** What of the patch's needs the class lacks, in words, or null when it has it all. */
    static String missing(byte[] bytes, NettyNames names) {
        Set<String> found = methods(bytes);
        if (!found.contains(DO_RESOLVE_ALL + names.lookup)) {
            return "doResolveAll(String, DnsRecord[], Promise, DnsCache)";
        }
        if (!found.contains(DO_RESOLVE + names.lookup)) {
            return "doResolve(String, DnsRecord[], Promise, DnsCache)";
        }
        if (!found.contains(EXECUTOR + names.executor)) {
            return "executor() returning an EventLoop";
        }
        return null;
    }

    /** Whether the class has the funnel of {@code resolveAll(DnsQuestion...)} that the patch hooks. */
    static boolean answersQuestions(byte[] bytes, NettyNames names) {
        return methods(bytes).contains(RESOLVE_ALL + names.questionLookup);
    }

    /** name + descriptor of every instance method. */
    private static Set<String> methods(byte[] bytes) {
        final Set<String> found = new HashSet<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT)) == 0) {
                    found.add(name + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found;
    }

    /** The patched class file; null when the two address lookups were not both found. */
    static byte[] apply(byte[] bytes, NettyNames names) {
        ClassReader reader = new ClassReader(bytes);
        // Frames are read expanded so the patch can add its own; no COMPUTE_FRAMES, which loads classes.
        ClassWriter writer = new ClassWriter(reader, 0);
        ResolverPatch patch = new ResolverPatch(writer, names);
        reader.accept(patch, ClassReader.EXPAND_FRAMES);
        return patch.patched == 2 ? writer.toByteArray() : null;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        owner = name;
        // Class files before Java 6 have no stack map frames; Netty 4.1's are Java 6, 4.2's Java 8.
        frames = (version & 0xffff) >= Opcodes.V1_6;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
        MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & Opcodes.ACC_STATIC) != 0) {
            return visitor;
        }
        if (descriptor.equals(names.lookup) && name.equals(DO_RESOLVE_ALL)) {
            patched++;
            return new AtEntry(visitor, false);
        }
        if (descriptor.equals(names.lookup) && name.equals(DO_RESOLVE)) {
            patched++;
            return new AtEntry(visitor, true);
        }
        if (descriptor.equals(names.questionLookup) && name.equals(RESOLVE_ALL)) {
            return new Records(visitor);
        }
        if (name.equals(QUERY) && (access & Opcodes.ACC_PUBLIC) != 0
                && Type.getReturnType(descriptor).getInternalName().equals(names.future)) {
            int question = slotOf(descriptor, names.question, false);
            return question < 0 ? visitor : new Query(visitor, question, slotOf(descriptor, names.promise, true));
        }
        return visitor;
    }

    /** The local of the first (or last) parameter of this type, or -1. */
    private static int slotOf(String descriptor, String internalName, boolean last) {
        int slot = 1;
        int found = -1;
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            if (parameter.getSort() == Type.OBJECT && parameter.getInternalName().equals(internalName)) {
                found = slot;
                if (!last) {
                    return found;
                }
            }
            slot += parameter.getSize();
        }
        return found;
    }

    /** Pushes {@code this.executor()}. */
    private void executor(MethodVisitor m) {
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, EXECUTOR, names.executor, false);
    }

    /** Adds the bridge call before the method's own first instruction. */
    private final class AtEntry extends MethodVisitor {
        private final boolean first;

        AtEntry(MethodVisitor visitor, boolean first) {
            super(Opcodes.ASM9, visitor);
            this.first = first;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, PROMISE_SLOT);
            super.visitVarInsn(Opcodes.ALOAD, HOST);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            executor(mv);
            if (!first) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.RESOLVE_ALL,
                        NettyBridge.RESOLVE_DESCRIPTOR, false);
                super.visitTypeInsn(Opcodes.CHECKCAST, names.promise);
                super.visitVarInsn(Opcodes.ASTORE, PROMISE_SLOT);
                return;
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.RESOLVE_FIRST,
                    NettyBridge.RESOLVE_DESCRIPTOR, false);
            super.visitInsn(Opcodes.DUP);
            Label leave = new Label();
            super.visitJumpInsn(Opcodes.IFNULL, leave);
            super.visitTypeInsn(Opcodes.CHECKCAST, names.promise);
            super.visitVarInsn(Opcodes.ASTORE, PROMISE_SLOT);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitVarInsn(Opcodes.ALOAD, HOST);
            super.visitVarInsn(Opcodes.ALOAD, ADDITIONALS);
            super.visitVarInsn(Opcodes.ALOAD, PROMISE_SLOT);
            super.visitVarInsn(Opcodes.ALOAD, CACHE);
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, DO_RESOLVE_ALL, names.lookup, false);
            done();
            super.visitInsn(Opcodes.RETURN);
            super.visitLabel(leave);
            if (frames) {
                super.visitFrame(Opcodes.F_NEW, 5, entryLocals(names.lookup), 1, new Object[] {"java/lang/Object"});
            }
            super.visitInsn(Opcodes.POP);
        }

        /** Before each return of doResolveAll: the promise it resolves into, to the hook. */
        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN && !first) {
                done();
            }
            super.visitInsn(opcode);
        }

        private void done() {
            super.visitVarInsn(Opcodes.ALOAD, PROMISE_SLOT);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.DONE, NettyBridge.DONE_DESCRIPTOR,
                    false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // The added code runs on an empty stack and needs at most five slots of it.
            super.visitMaxs(Math.max(maxStack, 5), maxLocals);
        }
    }

    /** The locals at entry: this, then the parameters, as frames name them. */
    private Object[] entryLocals(String descriptor) {
        Type[] parameters = Type.getArgumentTypes(descriptor);
        Object[] locals = new Object[parameters.length + 1];
        locals[0] = owner;
        for (int i = 0; i < parameters.length; i++) {
            locals[i + 1] = parameters[i].getSort() == Type.ARRAY ? parameters[i].getDescriptor()
                    : parameters[i].getInternalName();
        }
        return locals;
    }

    /** The private funnel of {@code resolveAll(DnsQuestion...)}: (question 1, additionals 2, promise 3). */
    private final class Records extends MethodVisitor {
        Records(MethodVisitor visitor) {
            super(Opcodes.ASM9, visitor);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 3);
            super.visitVarInsn(Opcodes.ALOAD, 1);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            executor(mv);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.RECORDS,
                    NettyBridge.QUESTION_DESCRIPTOR, false);
            super.visitInsn(Opcodes.DUP);
            Label ask = new Label();
            super.visitJumpInsn(Opcodes.IFNONNULL, ask);
            super.visitInsn(Opcodes.POP);
            super.visitVarInsn(Opcodes.ALOAD, 3);
            super.visitInsn(Opcodes.ARETURN);
            super.visitLabel(ask);
            if (frames) {
                super.visitFrame(Opcodes.F_NEW, 4, entryLocals(names.questionLookup), 1,
                        new Object[] {"java/lang/Object"});
            }
            super.visitTypeInsn(Opcodes.CHECKCAST, names.promise);
            super.visitVarInsn(Opcodes.ASTORE, 3);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ARETURN) {
                answered(mv, names);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 5), maxLocals);
        }
    }

    /** Before an ARETURN: the future returned, as the bridge hands it back (the caller's promise for dnspatch's). */
    private static void answered(MethodVisitor m, NettyNames names) {
        m.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.ANSWERED, NettyBridge.ANSWERED_DESCRIPTOR,
                false);
        m.visitTypeInsn(Opcodes.CHECKCAST, names.future);
    }

    /** One public {@code query} overload: the question's local, and the promise's or -1. */
    private final class Query extends MethodVisitor {
        private final int question;
        private final int promise;

        Query(MethodVisitor visitor, int question, int promise) {
            super(Opcodes.ASM9, visitor);
            this.question = question;
            this.promise = promise;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (promise < 0) {
                return;
            }
            super.visitVarInsn(Opcodes.ALOAD, promise);
            super.visitVarInsn(Opcodes.ALOAD, question);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            executor(mv);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.QUERY,
                    NettyBridge.QUESTION_DESCRIPTOR, false);
            super.visitTypeInsn(Opcodes.CHECKCAST, names.promise);
            super.visitVarInsn(Opcodes.ASTORE, promise);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ARETURN) {
                if (promise >= 0) {
                    answered(mv, names);
                } else {
                    super.visitVarInsn(Opcodes.ALOAD, question);
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    executor(mv);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.QUERIED,
                            NettyBridge.QUESTION_DESCRIPTOR, false);
                    super.visitTypeInsn(Opcodes.CHECKCAST, names.future);
                }
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 5), maxLocals);
        }
    }
}
