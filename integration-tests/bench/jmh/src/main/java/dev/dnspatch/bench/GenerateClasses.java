package dev.dnspatch.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Writes a jar of COUNT empty classes, gen.C00000 and on, each the smallest class file there is
 * (a name, Object as superclass, nothing else), for the app that measures what every class load
 * costs under a transformer. usage: GenerateClasses JAR COUNT
 */
public final class GenerateClasses {
    private GenerateClasses() {
    }

    public static void main(String[] args) throws IOException {
        int count = Integer.parseInt(args[1]);
        try (OutputStream file = Files.newOutputStream(Paths.get(args[0])); JarOutputStream jar = new JarOutputStream(file)) {
            for (int i = 0; i < count; i++) {
                String name = String.format("gen/C%05d", i);
                jar.putNextEntry(new JarEntry(name + ".class"));
                jar.write(classFile(name));
                jar.closeEntry();
            }
        }
    }

    static byte[] classFile(String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0);
        out.writeShort(52); // Java 8
        out.writeShort(5); // constant pool: 4 entries
        out.writeByte(1); // #1 Utf8 name
        out.writeUTF(name);
        out.writeByte(7); // #2 Class #1
        out.writeShort(1);
        out.writeByte(1); // #3 Utf8 java/lang/Object
        out.writeUTF("java/lang/Object");
        out.writeByte(7); // #4 Class #3
        out.writeShort(3);
        out.writeShort(0x0031); // public final super
        out.writeShort(2);
        out.writeShort(4);
        out.writeShort(0); // interfaces
        out.writeShort(0); // fields
        out.writeShort(0); // methods
        out.writeShort(0); // attributes
        return bytes.toByteArray();
    }
}
