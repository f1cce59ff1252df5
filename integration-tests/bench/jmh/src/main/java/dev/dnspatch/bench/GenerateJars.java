package dev.dnspatch.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes COUNT small jars, DIR/j000.jar and on, as the libraries of an app whose class path grows:
 * each has a manifest and CLASSES empty classes in a package of its own (gen/j000/C0 and on, the
 * smallest class file there is, as {@link GenerateClasses} writes). One JVM writes them all, so
 * 500 jars take a second, not 500 jar tool runs. usage: GenerateJars DIR COUNT CLASSES
 */
public final class GenerateJars {
    private GenerateJars() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args[0]);
        int count = Integer.parseInt(args[1]);
        int classes = Integer.parseInt(args[2]);
        Files.createDirectories(dir);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < count; i++) {
            String pkg = String.format("gen/j%03d/", i);
            try (OutputStream file = Files.newOutputStream(dir.resolve(String.format("j%03d.jar", i)));
                    JarOutputStream jar = new JarOutputStream(file, manifest)) {
                jar.putNextEntry(new JarEntry(pkg));
                jar.closeEntry();
                for (int c = 0; c < classes; c++) {
                    jar.putNextEntry(new JarEntry(pkg + "C" + c + ".class"));
                    jar.write(GenerateClasses.classFile(pkg + "C" + c));
                    jar.closeEntry();
                }
            }
        }
    }
}
