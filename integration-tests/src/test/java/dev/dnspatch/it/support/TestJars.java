package dev.dnspatch.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * An application jar laid out as in a container image: {@code app.jar} holding just
     * {@code mainClass}, its manifest's Main-Class and Class-Path naming the libraries, copied
     * beside it into {@code lib/}. Run it with {@code java -jar}.
     */
    public static Path application(Path dir, Class<?> mainClass, Path... libraries) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        for (Path library : libraries) {
            Files.copy(library, lib.resolve(library.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            classPath.add("lib/" + library.getFileName());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        Path jar = dir.resolve("app.jar");
        String entry = mainClass.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(ForkedJvm.testClasses().resolve(entry)));
            out.closeEntry();
        }
        return jar;
    }
}
