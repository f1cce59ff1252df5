package dev.dnspatch.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites {@code java.net.InetAddress} so that, before each return of the method that asks the
 * name service, the answer goes through {@code java.net.DnspatchBridge.filter(answer, host)}.
 *
 * <p>It works at Byte Buddy's lowest level, the ASM it ships: a method visitor that adds two
 * instructions. Byte Buddy's {@code AgentBuilder} and {@code Advice} would add 470-700 ms of
 * start-up to every JVM; this costs about 25 ms (see the README).
 *
 * <p>Which method, read from the class file itself rather than from a version number:
 * <ul>
 *   <li>{@code getAddressesFromNameService(String)} on JDK 18+, {@code (String, InetAddress)} on
 *       8 to 17. Both are static with the host in local 0, and their caller caches what they
 *       return (JDK 9+, and 8u352+ which has the JDK 9 cache, known by its {@code expirySet}).</li>
 *   <li>On older JDK 8 the method caches the answer itself before returning it, so the exit of
 *       {@code getAllByName0}, which every lookup passes, is patched too.</li>
 * </ul>
 */
final class InetAddressPatcher extends ClassVisitor implements ClassFileTransformer {
    static final String BRIDGE = "java/net/DnspatchBridge";
    static final String FILTER_DESCRIPTOR = "([Ljava/net/InetAddress;Ljava/lang/String;)[Ljava/net/InetAddress;";
    private static final String LOOKUP = "getAddressesFromNameService";
    private static final String LOOKUP_JDK18 = "(Ljava/lang/String;)[Ljava/net/InetAddress;";
    private static final String LOOKUP_JDK8 = "(Ljava/lang/String;Ljava/net/InetAddress;)[Ljava/net/InetAddress;";
    private static final String OLD_JDK8_ENTRY = "getAllByName0";
    private static final String ADDRESSES = ")[Ljava/net/InetAddress;";

    private final Class<?> inetAddress;
    private boolean jdk9Cache;
    private int patchedReturns;
    private String patched = "";
    private Throwable failure;

    InetAddressPatcher(Class<?> inetAddress) {
        super(Opcodes.ASM9);
        this.inetAddress = inetAddress;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (classBeingRedefined != inetAddress) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfileBuffer);
            // Sharing the reader copies untouched methods as raw bytes; no COMPUTE_FRAMES, which loads classes.
            ClassWriter writer = new ClassWriter(reader, 0);
            cv = writer;
            reader.accept(this, 0);
            return patchedReturns == 0 ? null : writer.toByteArray();
        } catch (Throwable e) {
            failure = e; // the JVM swallows what a transformer throws: keep it for check()
            return null;
        } finally {
            cv = null;
        }
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        // Fields come before methods in a class file, so this is known before any method is seen.
        if (name.equals("expirySet") || name.equals("cache") && descriptor.startsWith("Ljava/util/concurrent/")) {
            jdk9Cache = true;
        }
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
        MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        boolean lookup = name.equals(LOOKUP) && (descriptor.equals(LOOKUP_JDK18) || descriptor.equals(LOOKUP_JDK8));
        boolean oldJdk8Entry = !jdk9Cache && name.equals(OLD_JDK8_ENTRY)
                && descriptor.startsWith("(Ljava/lang/String;") && descriptor.endsWith(ADDRESSES);
        if (!isStatic || !(lookup || oldJdk8Entry)) {
            return visitor;
        }
        patched += (patched.isEmpty() ? "" : ", ") + name + descriptor;
        return new FilterBeforeReturn(visitor);
    }

    /** Throws what went wrong in {@link #transform}, or says that nothing was found to patch. */
    void check() throws Exception {
        if (failure instanceof Exception) {
            throw (Exception) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (patchedReturns == 0) {
            throw new IllegalStateException("java.net.InetAddress has no " + LOOKUP + " method this engine knows");
        }
    }

    String patched() {
        return patched;
    }

    /** {@code [answer] -> ALOAD 0 (host) -> INVOKESTATIC filter -> [filtered]}, then the original ARETURN. */
    private final class FilterBeforeReturn extends MethodVisitor {
        FilterBeforeReturn(MethodVisitor visitor) {
            super(Opcodes.ASM9, visitor);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ARETURN) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "filter", FILTER_DESCRIPTOR, false);
                patchedReturns++;
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 1, maxLocals);
        }
    }
}
