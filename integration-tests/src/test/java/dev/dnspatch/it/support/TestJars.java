package dev.dnspatch.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Small jars the scenarios need, made from the compiled test classes. */
public final class TestJars {
    private TestJars() {
    }

    /** An agent jar whose Premain-Class is {@code agentClass}, holding just that class. */
    public static Path agent(Path dir, Class<?> agentClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", agentClass.getName());
        Path jar = dir.resolve(agentClass.getSimpleName() + ".jar");
        String entry = agentClass.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(ForkedJvm.testClasses().resolve(entry)));
            out.closeEntry();
        }
        return jar;
    }
}
