package dev.dnspatch.netty;

import dev.dnspatch.instrument.NettyBridge;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites the constructors of Netty's {@code DnsAddressResolveContext}, the state of one address
 * lookup sent to DNS, so that what it keeps of its settings passes through the bridge with the
 * lookup's promise:
 *
 * <pre>
 * super(parent, ..., DnspatchBridge.nettyRecordTypes(parent.resolveRecordTypes(), originalPromise), ...);
 * ...
 * this.completeEarlyIfPossible = DnspatchBridge.nettyCompleteEarly(completeEarlyIfPossible, originalPromise);
 * </pre>
 *
 * <ul>
 *   <li>For a lookup the hook took that wants one family (an {@code -only} mode), only that
 *       family's type is asked, so Netty sends no query for the other and caches none of its
 *       records.</li>
 *   <li>Netty can finish a lookup with the preferred family's addresses before the others arrive
 *       ({@code completeOncePreferredResolved}, which reactor-netty and Vert.x 5 switch on). A
 *       lookup the hook took whose mode orders or probes both families waits for the whole answer.</li>
 * </ul>
 *
 * The class is internal to Netty; where its constructors look otherwise, nothing is changed. A
 * relocated copy's is patched alike, with its own names (see {@link NettyNames}).
 */
final class ContextPatch extends ClassVisitor {
    private static final String RECORD_TYPES = "resolveRecordTypes";
    private static final String COMPLETE_EARLY = "completeEarlyIfPossible";

    private final NettyNames names;
    private final String promiseType;
    private int patched;

    private ContextPatch(ClassVisitor next, NettyNames names) {
        super(Opcodes.ASM9, next);
        this.names = names;
        this.promiseType = "L" + names.promise + ";";
    }

    /** The patched class file, or null when no constructor has the expected call or field. */
    static byte[] apply(byte[] bytes, NettyNames names) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        ContextPatch patch = new ContextPatch(writer, names);
        reader.accept(patch, 0);
        return patch.patched > 0 ? writer.toByteArray() : null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
        MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
        int promise = name.equals("<init>") ? promiseSlot(descriptor) : -1;
        return promise < 0 ? visitor : new AfterRecordTypes(visitor, promise);
    }

    /** The local of the constructor's first Promise parameter (the lookup's own), or -1. */
    private int promiseSlot(String descriptor) {
        int slot = 1;
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            if (parameter.getDescriptor().equals(promiseType)) {
                return slot;
            }
            slot += parameter.getSize();
        }
        return -1;
    }

    private final class AfterRecordTypes extends MethodVisitor {
        private final int promise;

        AfterRecordTypes(MethodVisitor visitor, int promise) {
            super(Opcodes.ASM9, visitor);
            this.promise = promise;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals(names.resolver) && name.equals(RECORD_TYPES)
                    && descriptor.equals("()" + names.recordTypes)) {
                super.visitVarInsn(Opcodes.ALOAD, promise);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.RECORD_TYPES,
                        NettyBridge.RECORD_TYPES_DESCRIPTOR, false);
                super.visitTypeInsn(Opcodes.CHECKCAST, names.recordTypes);
                patched++;
            }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            if (opcode == Opcodes.PUTFIELD && owner.equals(names.context) && name.equals(COMPLETE_EARLY)
                    && descriptor.equals("Z")) {
                super.visitVarInsn(Opcodes.ALOAD, promise);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, NettyBridge.OWNER, NettyBridge.COMPLETE_EARLY,
                        NettyBridge.COMPLETE_EARLY_DESCRIPTOR, false);
                patched++;
            }
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 1, maxLocals);
        }
    }
}
