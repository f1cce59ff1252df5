package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dnspatch.it.support.ForkedJvm;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The agent loads on JDK 8: besides being class file version 52, no class in the jar may link
 * against a JDK class, method or field that JDK 8 lacks. Checked against the release 8 API that
 * the running JDK ships for {@code javac --release 8}, in {@code $JAVA_HOME/lib/ct.sym}.
 *
 * <p>Only symbolic references are seen. What the agent reaches by reflection (JDK 8's
 * {@code sun.misc.Unsafe.defineClass}, for one) is by name, so it is not, and needs no, Java 8
 * counterpart. The JDK 9 calls (Class.getModule, Instrumentation.redefineModule,
 * MethodHandles.privateLookupIn) are made by the release 9 classes, which only JDK 9 and later load.
 */
class Java8ApiTest {
    private static final int JAVA_8 = 52;
    /** Compiled for release 18 on purpose: only ever loaded on JDK 18 and later. */
    private static final String RELEASE_18_PACKAGE = "dev/dnspatch/spi/";
    /** Compiled for release 9 on purpose: the one class java.net is opened to, only loaded on JDK 9 and later. */
    private static final String RELEASE_9_PACKAGE = "dev/dnspatch/javanet/";
    /** Defined by the agent inside java.net at run time: no JDK has it. */
    private static final String BRIDGE = "java/net/DnspatchBridge";
    /** What only java -jar uses, nested in the jar. */
    private static final String NESTED = "dev/dnspatch/cli.jar";
    /** The bridge's class file, carried as data: the agent defines it in java.net on JDK 8 too. */
    private static final String BRIDGE_CLASS_FILE = "dev/dnspatch/instrument/DnspatchBridge.bin";

    @Test
    void everyClassButTheResolverProviderUsesOnlyJava8Api() throws IOException {
        Path agentJar = ForkedJvm.agentJar();
        List<String> problems = new ArrayList<>();
        int classes = 0;
        try (Java8Api api = openJava8Api(); JarFile jar = new JarFile(agentJar.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                byte[] bytes;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (name.equals(NESTED)) {
                    // The command line, doctor's dnsjava and SLF4J: java -jar runs them on JDK 8 too.
                    try (JarInputStream nested = new JarInputStream(new ByteArrayInputStream(bytes))) {
                        for (JarEntry inner = nested.getNextJarEntry(); inner != null; inner = nested.getNextJarEntry()) {
                            if (inner.getName().endsWith(".class")) {
                                problems.addAll(api.check(NESTED + "!/" + inner.getName(), nested.readAllBytes()));
                                classes++;
                            }
                        }
                    }
                    continue;
                }
                if (name.equals(BRIDGE_CLASS_FILE)) {
                    problems.addAll(api.check(name, bytes));
                    classes++;
                    continue;
                }
                if (!name.endsWith(".class") || name.startsWith(RELEASE_18_PACKAGE)
                        || name.startsWith(RELEASE_9_PACKAGE)) {
                    continue;
                }
                problems.addAll(api.check(name, bytes));
                classes++;
            }
            System.out.println("Java8ApiTest: checked " + classes + " classes of " + agentJar + ", "
                    + api.checkedReferences + " distinct JDK references, against " + api.source);
        }
        assertTrue(classes > 0, "no classes outside " + RELEASE_18_PACKAGE + " in " + agentJar);
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) for JDK 8 in " + agentJar + ":\n  " + String.join("\n  ", problems));
        }
    }

    /** The checker itself, on classes made here: it must flag what JDK 8 lacks and nothing else. */
    @Test
    void checkerReportsApiThatJava8LacksAndAcceptsWhatItHas() throws IOException {
        try (Java8Api api = openJava8Api()) {
            List<String> problems = api.check("dev/dnspatch/selfcheck/Probe.class", probe(JAVA_8));
            String uses = "dev/dnspatch/selfcheck/Probe.class uses ";
            List<String> expected = new ArrayList<>(List.of(
                    uses + "java/lang/String.isBlank()Z, not in Java 8",
                    uses + "java/lang/Class.getModule()Ljava/lang/Module;, not in Java 8",
                    uses + "java/lang/Module, not in Java 8",
                    uses + "java/lang/Module.getName()Ljava/lang/String;, not in Java 8",
                    uses + "java/util/List.of()Ljava/util/List;, not in Java 8",
                    uses + "java/util/ArrayList.toList()Ljava/util/List;, not in Java 8",
                    uses + "java/lang/invoke/MethodHandles$Lookup.MODULE:I, not in Java 8",
                    uses + "java/lang/StackWalker, not in Java 8",
                    uses + "java/lang/IllegalCallerException, not in Java 8",
                    uses + "java/lang/StackWalker$StackFrame, not in Java 8",
                    uses + "java/lang/ProcessHandle, not in Java 8",
                    uses + "java/lang/String.strip()Ljava/lang/String;, not in Java 8",
                    uses + "java/lang/Runtime$Version, not in Java 8"));
            Collections.sort(expected);
            assertEquals(String.join("\n", expected), String.join("\n", problems));

            assertEquals(List.of("dev/dnspatch/selfcheck/Probe.class is class file version 55, JDK 8 reads only "
                            + JAVA_8 + " and lower"),
                    api.check("dev/dnspatch/selfcheck/Probe.class", clean(55)));
            assertEquals(List.of(), api.check("dev/dnspatch/selfcheck/Probe.class", clean(JAVA_8)));
        }
    }

    private static Java8Api openJava8Api() throws IOException {
        Path ctSym = Path.of(System.getProperty("java.home"), "lib", "ct.sym");
        if (!Files.isRegularFile(ctSym)) {
            skip("no " + ctSym + " in this Java (a JRE?): cannot check the agent against Java 8's API");
        }
        Java8Api api = Java8Api.open(ctSym);
        if (api.release8Directories.isEmpty()) {
            api.close();
            skip(ctSym + " holds no release 8 (its releases: " + api.allDirectories
                    + "): run this test on a JDK that still supports --release 8");
        }
        if (!api.hasClass("java/lang/Object") || !api.hasClass("java/lang/instrument/Instrumentation")) {
            api.close();
            fail("release 8 directories " + api.release8Directories + " of " + ctSym
                    + " read, but java/lang/Object or java/lang/instrument/Instrumentation not found: layout not understood");
        }
        return api;
    }

    private static void skip(String reason) {
        System.out.println("Java8ApiTest skipped: " + reason);
        Assumptions.abort(reason);
    }

    /**
     * A class that uses Java 8 API in the ways that need a walk up the hierarchy, and API that Java 8
     * lacks in every way a class file can name it.
     */
    private static byte[] probe(int version) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "dev/dnspatch/selfcheck/Probe", null,
                "java/lang/Object", new String[] {"java/lang/Runnable", "java/lang/StackWalker$StackFrame"});
        // Declarations: a field of a type Java 8 lacks; a method taking one.
        cw.visitField(Opcodes.ACC_PRIVATE, "handle", "Ljava/lang/ProcessHandle;", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE, "fine", "Ljava/util/List;", null, null).visitEnd();
        MethodVisitor declared = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "version",
                "(Ljava/lang/Runtime$Version;)V", null, null);
        declared.visitEnd();

        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "run", "()V", null, null);
        mv.visitCode();
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(start, end, handler, "java/lang/IllegalCallerException");
        mv.visitTryCatchBlock(start, end, handler, "java/io/IOException");
        mv.visitLabel(start);
        // Java 8 API, some of it only found by walking up the hierarchy: all fine.
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "length", "()I", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/ArrayList", "stream", "()Ljava/util/stream/Stream;", false);
        mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/Runnable", "toString", "()Ljava/lang/String;", true);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeExact",
                "(Ljava/lang/String;)I", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "[Ljava/lang/String;", "clone", "()Ljava/lang/Object;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "filter",
                "([Ljava/net/InetAddress;Ljava/lang/String;)[Ljava/net/InetAddress;", false);
        mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/instrument/Instrumentation", "retransformClasses",
                "([Ljava/lang/Class;)V", true);
        mv.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
        mv.visitFieldInsn(Opcodes.GETSTATIC, "java/util/concurrent/TimeUnit", "SECONDS",
                "Ljava/util/concurrent/TimeUnit;");
        mv.visitFieldInsn(Opcodes.GETSTATIC, "javax/swing/JButton", "CENTER", "I");
        mv.visitTypeInsn(Opcodes.NEW, "java/util/ArrayList");
        mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/net/InetAddress");
        mv.visitTypeInsn(Opcodes.CHECKCAST, "[Ljava/net/Inet6Address;");
        mv.visitLdcInsn(Type.getObjectType("java/net/Inet4Address"));
        mv.visitMultiANewArrayInsn("[[Ljava/lang/String;", 2);
        mv.visitInvokeDynamicInsn("test", "()Ljava/util/function/Predicate;",
                new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "metafactory",
                        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                                + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
                                + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", false),
                Type.getType("(Ljava/lang/Object;)Z"),
                new Handle(Opcodes.H_INVOKEVIRTUAL, "java/lang/String", "isEmpty", "()Z", false),
                Type.getType("(Ljava/lang/String;)Z"));
        // Missing from Java 8.
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "isBlank", "()Z", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getModule", "()Ljava/lang/Module;", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Module", "getName", "()Ljava/lang/String;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/util/List", "of", "()Ljava/util/List;", true);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/ArrayList", "toList", "()Ljava/util/List;", false);
        mv.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/invoke/MethodHandles$Lookup", "MODULE", "I");
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/StackWalker");
        mv.visitLdcInsn(Type.getObjectType("java/lang/Module"));
        mv.visitLdcInsn(new Handle(Opcodes.H_INVOKEVIRTUAL, "java/lang/String", "strip", "()Ljava/lang/String;", false));
        mv.visitLabel(end);
        mv.visitLabel(handler);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(8, 1);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** A class that names only Java 8 API. */
    private static byte[] clean(int version) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "dev/dnspatch/selfcheck/Probe", null,
                "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(1, 1);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** The release 8 API in a JDK's ct.sym, and a checker of class files against it. */
    static final class Java8Api implements Closeable {
        /** Entries hold class files of the running JDK's version, which this ASM may not know yet. */
        private static final int READABLE_VERSION = JAVA_8;
        private static final String[] JDK_PACKAGES = {"java/", "javax/", "sun/", "jdk/"};

        final Path source;
        final Set<String> allDirectories = new TreeSet<>();
        final Set<String> release8Directories = new TreeSet<>();
        int checkedReferences;
        private final ZipFile zip;
        /** Internal class name to its release 8 .sig entry. */
        private final Map<String, String> entries = new HashMap<>();
        private final Map<String, Sig> sigs = new HashMap<>();
        private final Set<String> counted = new HashSet<>();

        private Java8Api(Path source, ZipFile zip) {
            this.source = source;
            this.zip = zip;
        }

        /**
         * Entries are {@code RELEASES/MODULE/PACKAGE/CLASS.sig}, RELEASES naming every release (8, 9,
         * A for 10, B for 11 ...) the description holds for. Older ct.sym files leave out MODULE for
         * releases before 9; a module name always has a dot, a package segment never does.
         */
        static Java8Api open(Path ctSym) throws IOException {
            Java8Api api = new Java8Api(ctSym, new ZipFile(ctSym.toFile()));
            for (ZipEntry entry : Collections.list(api.zip.entries())) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash <= 0) {
                    continue;
                }
                String releases = name.substring(0, slash);
                api.allDirectories.add(releases);
                if (!name.endsWith(".sig") || !releases.matches("[0-9A-Z]+") || releases.indexOf('8') < 0) {
                    continue;
                }
                api.release8Directories.add(releases);
                String path = name.substring(slash + 1, name.length() - ".sig".length());
                int next = path.indexOf('/');
                if (next > 0 && path.substring(0, next).contains(".")) {
                    path = path.substring(next + 1);
                }
                if (!path.equals("module-info")) {
                    api.entries.putIfAbsent(path, name);
                }
            }
            return api;
        }

        boolean hasClass(String internalName) {
            return entries.containsKey(internalName);
        }

        /** Problems of one class file, sorted; none if it would link on JDK 8. */
        List<String> check(String entryName, byte[] classFile) {
            Set<String> problems = new TreeSet<>();
            int major = ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
            if (major > JAVA_8) {
                problems.add(entryName + " is class file version " + major + ", JDK 8 reads only " + JAVA_8
                        + " and lower");
            }
            Set<String> missing = new TreeSet<>();
            new ClassReader(readable(classFile)).accept(new Collector(missing), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            for (String reference : missing) {
                problems.add(entryName + " uses " + reference + ", not in Java 8");
            }
            return new ArrayList<>(problems);
        }

        private static boolean isJdk(String internalName) {
            if (internalName.equals(BRIDGE) || internalName.startsWith(BRIDGE + "$")) {
                return false;
            }
            for (String prefix : JDK_PACKAGES) {
                if (internalName.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        /** Collects the JDK classes, methods and fields one class file links against that Java 8 lacks. */
        private final class Collector extends ClassVisitor {
            private final Set<String> missing;

            Collector(Set<String> missing) {
                super(Opcodes.ASM9);
                this.missing = missing;
            }

            void type(String internalNameOrArray) {
                if (internalNameOrArray == null) {
                    return;
                }
                Type type = internalNameOrArray.startsWith("[")
                        ? Type.getType(internalNameOrArray).getElementType()
                        : Type.getObjectType(internalNameOrArray);
                if (type.getSort() == Type.OBJECT && isJdk(type.getInternalName())) {
                    count("type " + type.getInternalName());
                    if (!hasClass(type.getInternalName())) {
                        missing.add(type.getInternalName());
                    }
                }
            }

            void descriptor(String descriptor) {
                Type type = Type.getType(descriptor);
                if (type.getSort() == Type.METHOD) {
                    for (Type argument : type.getArgumentTypes()) {
                        value(argument);
                    }
                    value(type.getReturnType());
                } else {
                    value(type);
                }
            }

            private void value(Type type) {
                Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
                if (element.getSort() == Type.OBJECT) {
                    type(element.getInternalName());
                }
            }

            void method(String owner, String name, String descriptor) {
                if (owner.startsWith("[")) {
                    type(owner); // clone() and Object's methods on an array
                    return;
                }
                if (isJdk(owner)) {
                    String reference = owner + "." + name + descriptor;
                    count("method " + reference);
                    if (!hasMember(owner, name, descriptor, true)) {
                        missing.add(reference);
                    }
                }
            }

            void field(String owner, String name, String descriptor) {
                if (isJdk(owner)) {
                    String reference = owner + "." + name + ":" + descriptor;
                    count("field " + reference);
                    if (!hasMember(owner, name, descriptor, false)) {
                        missing.add(reference);
                    }
                }
            }

            void handle(Handle handle) {
                if (handle.getTag() <= Opcodes.H_PUTSTATIC) {
                    field(handle.getOwner(), handle.getName(), handle.getDesc());
                } else {
                    method(handle.getOwner(), handle.getName(), handle.getDesc());
                }
            }

            void constant(Object value) {
                if (value instanceof Type type) {
                    if (type.getSort() == Type.METHOD) {
                        descriptor(type.getDescriptor());
                    } else {
                        value(type);
                    }
                } else if (value instanceof Handle handle) {
                    handle(handle);
                } else if (value instanceof ConstantDynamic dynamic) {
                    descriptor(dynamic.getDescriptor());
                    handle(dynamic.getBootstrapMethod());
                    for (int i = 0; i < dynamic.getBootstrapMethodArgumentCount(); i++) {
                        constant(dynamic.getBootstrapMethodArgument(i));
                    }
                }
            }

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                type(superName);
                for (String implemented : interfaces == null ? new String[0] : interfaces) {
                    type(implemented);
                }
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                descriptor(descriptor);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                descriptor(descriptor);
                if (exceptions != null) {
                    Arrays.stream(exceptions).forEach(this::type);
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                            boolean isInterface) {
                        method(owner, name, descriptor);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                        field(owner, name, descriptor);
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        type(type);
                    }

                    @Override
                    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                        type(descriptor);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        constant(value);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethod,
                            Object... bootstrapMethodArguments) {
                        descriptor(descriptor);
                        handle(bootstrapMethod);
                        for (Object argument : bootstrapMethodArguments) {
                            constant(argument);
                        }
                    }

                    @Override
                    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                        type(type); // loaded by the verifier
                    }
                };
            }
        }

        private void count(String reference) {
            if (counted.add(reference)) {
                checkedReferences++;
            }
        }

        /**
         * Whether OWNER has the member in Java 8, declared or inherited from a superclass or
         * superinterface. Constructors are not inherited. Signature polymorphic methods
         * (MethodHandle.invokeExact ...) match any descriptor.
         */
        private boolean hasMember(String owner, String name, String descriptor, boolean isMethod) {
            Deque<String> todo = new ArrayDeque<>(List.of(owner));
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String current = todo.pop();
                if (!seen.add(current)) {
                    continue;
                }
                Sig sig = sig(current);
                if (sig == null) {
                    continue;
                }
                if (isMethod ? sig.methods.contains(name + descriptor) || sig.polymorphic.contains(name)
                        : sig.fields.contains(name + ":" + descriptor)) {
                    return true;
                }
                if (isMethod && name.equals("<init>")) {
                    return false;
                }
                if (sig.superName != null) {
                    todo.add(sig.superName);
                }
                todo.addAll(sig.interfaces);
            }
            return false;
        }

        private Sig sig(String internalName) {
            String entryName = entries.get(internalName);
            if (entryName == null) {
                return null;
            }
            return sigs.computeIfAbsent(internalName, name -> {
                try (InputStream in = zip.getInputStream(zip.getEntry(entryName))) {
                    Sig sig = new Sig();
                    new ClassReader(readable(in.readAllBytes())).accept(sig, ClassReader.SKIP_CODE);
                    return sig;
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + entryName + " of " + source, e);
                }
            });
        }

        /** A copy that ASM reads whatever version wrote it: only the constant pool and members matter here. */
        private static byte[] readable(byte[] classFile) {
            byte[] copy = classFile.clone();
            copy[6] = (byte) (READABLE_VERSION >>> 8);
            copy[7] = (byte) READABLE_VERSION;
            return copy;
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /** One class of the release 8 API: its supertypes and members. */
    private static final class Sig extends ClassVisitor {
        String superName;
        List<String> interfaces = List.of();
        final Set<String> methods = new HashSet<>();
        final Set<String> fields = new HashSet<>();
        final Set<String> polymorphic = new HashSet<>();
        private String name;

        Sig() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces == null ? List.of() : List.of(interfaces);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            fields.add(name + ":" + descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            methods.add(name + descriptor);
            int polymorphicFlags = Opcodes.ACC_NATIVE | Opcodes.ACC_VARARGS;
            if ((access & polymorphicFlags) == polymorphicFlags && descriptor.startsWith("([Ljava/lang/Object;)")
                    && (this.name.equals("java/lang/invoke/MethodHandle") || this.name.equals("java/lang/invoke/VarHandle"))) {
                polymorphic.add(name);
            }
            return null;
        }
    }
}
