import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Build step, run on the shaded jar (never part of it): removes the local variable tables from
 * every class, dnspatch's and the relocated libraries' alike, and keeps everything else,
 * line numbers and source file names included, so stack traces read as before. The tables are
 * debug information only; without them the jar is about an eighth smaller, which is what keeps
 * it inside a Kubernetes ConfigMap with room to spare (see docs/containers.md). Entries keep their
 * order, times and extra fields, so the jar stays reproducible.
 *
 * <p>{@code java -cp BYTE_BUDDY_JAR StripLocalVariables.java JAR}, from the agent's pom.
 */
public final class StripLocalVariables {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        long before = Files.size(jar);
        ByteArrayOutputStream stripped = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream out = new ZipOutputStream(stripped)) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] bytes;
                try (InputStream content = in.getInputStream(entry)) {
                    bytes = content.readAllBytes();
                }
                if (entry.getName().endsWith(".class")) {
                    bytes = withoutLocalVariables(bytes);
                }
                ZipEntry copy = new ZipEntry(entry); // name, time, extra fields and method as they were
                CRC32 crc = new CRC32();
                crc.update(bytes);
                copy.setSize(bytes.length);
                copy.setCrc(crc.getValue());
                copy.setCompressedSize(copy.getMethod() == ZipEntry.STORED ? bytes.length : -1);
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        // Written over the jar in place: its mode stays what the build gave it.
        Files.write(jar, stripped.toByteArray());
        System.out.println("[strip] " + jar.getFileName() + ": " + before + " -> " + Files.size(jar)
                + " bytes without local variable tables");
    }

    private static byte[] withoutLocalVariables(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        // A new constant pool, so the variables' names and types go too; frames and code are copied as read.
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature,
                        exceptions)) {
                    @Override
                    public void visitLocalVariable(String variable, String type, String typeSignature, Label start,
                            Label end, int index) {
                        // dropped: debug information only
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
