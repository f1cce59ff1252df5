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
 * Rewrites {@code io.netty.resolver.dns.DnsNameResolver} so that its two address lookups start
 * with a call to the bridge. Both are protected methods that Netty documents as hooks for
 * extension, with the same signature from Netty 4.1.6 to 4.2:
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
 */
final class ResolverPatch extends ClassVisitor {
    static final String DO_RESOLVE = "doResolve";
    static final String DO_RESOLVE_ALL = "doResolveAll";
    static final String LOOKUP = "(Ljava/lang/String;[Lio/netty/handler/codec/dns/DnsRecord;"
            + "Lio/netty/util/concurrent/Promise;Lio/netty/resolver/dns/DnsCache;)V";
    static final String EXECUTOR = "executor";
    static final String EXECUTOR_DESCRIPTOR = "()Lio/netty/channel/EventLoop;";
    private static final String PROMISE = "io/netty/util/concurrent/Promise";
    private static final int HOST = 1;
    private static final int ADDITIONALS = 2;
    private static final int PROMISE_SLOT = 3;
    private static final int CACHE = 4;

    private String owner;
    private boolean frames;
    private int patched;

    private ResolverPatch(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    /** What of the patch's needs the class lacks, in words, or null when it has it all. */
    static String missing(byte[] bytes) {
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
        if (!found.contains(DO_RESOLVE_ALL + LOOKUP)) {
            return "doResolveAll(String, DnsRecord[], Promise, DnsCache)";
        }
        if (!found.contains(DO_RESOLVE + LOOKUP)) {
            return "doResolve(String, DnsRecord[], Promise, DnsCache)";
        }
        if (!found.contains(EXECUTOR + EXECUTOR_DESCRIPTOR)) {
            return "executor() returning an EventLoop";
        }
        return null;
    }

    /** The patched class file; null when the two methods were not both found. */
    static byte[] apply(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        // Frames are read expanded so the patch can add its own; no COMPUTE_FRAMES, which loads classes.
        ClassWriter writer = new ClassWriter(reader, 0);
        ResolverPatch patch = new ResolverPatch(writer);
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
        if ((access & Opcodes.ACC_STATIC) != 0 || !descriptor.equals(LOOKUP)) {
            return visitor;
        }
        if (name.equals(DO_RESOLVE_ALL)) {
            patched++;
            return new AtEntry(visitor, false);
        }
        if (name.equals(DO_RESOLVE)) {
            patched++;
            return new AtEntry(visitor, true);
        }
        return visitor;
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
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, EXECUTOR, EXECUTOR_DESCRIPTOR, false);
            if (!first) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.RESOLVE_ALL,
                        NettyBridge.RESOLVE_DESCRIPTOR, false);
                super.visitTypeInsn(Opcodes.CHECKCAST, PROMISE);
                super.visitVarInsn(Opcodes.ASTORE, PROMISE_SLOT);
                return;
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.RESOLVE_FIRST,
                    NettyBridge.RESOLVE_DESCRIPTOR, false);
            super.visitInsn(Opcodes.DUP);
            Label leave = new Label();
            super.visitJumpInsn(Opcodes.IFNULL, leave);
            super.visitTypeInsn(Opcodes.CHECKCAST, PROMISE);
            super.visitVarInsn(Opcodes.ASTORE, PROMISE_SLOT);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitVarInsn(Opcodes.ALOAD, HOST);
            super.visitVarInsn(Opcodes.ALOAD, ADDITIONALS);
            super.visitVarInsn(Opcodes.ALOAD, PROMISE_SLOT);
            super.visitVarInsn(Opcodes.ALOAD, CACHE);
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, DO_RESOLVE_ALL, LOOKUP, false);
            done();
            super.visitInsn(Opcodes.RETURN);
            super.visitLabel(leave);
            if (frames) {
                super.visitFrame(Opcodes.F_NEW, 5, entryLocals(), 1, new Object[] {"java/lang/Object"});
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

        /** The locals at entry: this, then the parameters, as frames name them. */
        private Object[] entryLocals() {
            Type[] parameters = Type.getArgumentTypes(LOOKUP);
            Object[] locals = new Object[parameters.length + 1];
            locals[0] = owner;
            for (int i = 0; i < parameters.length; i++) {
                locals[i + 1] = parameters[i].getInternalName();
            }
            return locals;
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // The added code runs on an empty stack and needs at most five slots of it.
            super.visitMaxs(Math.max(maxStack, 5), maxLocals);
        }
    }
}
