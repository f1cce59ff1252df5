package dev.dnspatch.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * A Spring Boot executable jar laid out as {@code spring-boot-maven-plugin}'s repackage lays it
 * out: Spring Boot's real launcher classes at the top, the app's classes under
 * {@code BOOT-INF/classes/}, its libraries as jars nested uncompressed under
 * {@code BOOT-INF/lib/}. {@code java -jar} runs {@code JarLauncher}, which loads the app through
 * its own class loader from the nested jars. Spring Boot 3.2 moved the launcher into a
 * {@code launch} package; the name is taken from the loader jar, so Boot 2.7 (which runs on
 * JDK 8) and Boot 3 both work.
 */
public final class BootJar {
    private static final String LAUNCHER = "org/springframework/boot/loader/launch/JarLauncher.class";
    private static final String BOOT2_LAUNCHER = "org/springframework/boot/loader/JarLauncher.class";

    private final Map<String, byte[]> classes = new LinkedHashMap<>();
    private final Map<String, byte[]> libs = new LinkedHashMap<>();

    /** The app's own class, from the compiled test classes, under BOOT-INF/classes. */
    public BootJar appClass(Class<?> type) throws IOException {
        String entry = entryOf(type);
        classes.put(entry, Files.readAllBytes(ForkedJvm.testClasses().resolve(entry)));
        return this;
    }

    /** A resource under BOOT-INF/classes, such as logback.xml. */
    public BootJar resource(String name, String text) {
        classes.put(name, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A library jar nested under BOOT-INF/lib. */
    public BootJar lib(Path jar) throws IOException {
        libs.put(jar.getFileName().toString(), Files.readAllBytes(jar));
        return this;
    }

    /** A library jar made of compiled test classes, nested under BOOT-INF/lib. */
    public BootJar lib(String name, Class<?>... types) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (Class<?> type : types) {
                out.putNextEntry(new JarEntry(entryOf(type)));
                out.write(Files.readAllBytes(ForkedJvm.testClasses().resolve(entryOf(type))));
                out.closeEntry();
            }
        }
        libs.put(name, bytes.toByteArray());
        return this;
    }

    public Path write(Path jar, Class<?> startClass, Path springBootLoader) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, launcher(springBootLoader));
        main.putValue("Start-Class", startClass.getName());
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        main.putValue("Spring-Boot-Classpath-Index", "BOOT-INF/classpath.idx");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            copyLoader(springBootLoader, out);
            directory(out, "BOOT-INF/");
            directory(out, "BOOT-INF/classes/");
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                out.putNextEntry(new JarEntry("BOOT-INF/classes/" + entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
            directory(out, "BOOT-INF/lib/");
            StringBuilder index = new StringBuilder();
            for (Map.Entry<String, byte[]> lib : libs.entrySet()) {
                stored(out, "BOOT-INF/lib/" + lib.getKey(), lib.getValue());
                index.append("- \"BOOT-INF/lib/").append(lib.getKey()).append("\"\n");
            }
            out.putNextEntry(new JarEntry("BOOT-INF/classpath.idx"));
            out.write(index.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static String launcher(Path springBootLoader) throws IOException {
        try (JarFile loader = new JarFile(springBootLoader.toFile())) {
            String entry = loader.getEntry(LAUNCHER) != null ? LAUNCHER : BOOT2_LAUNCHER;
            return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        }
    }

    /** The launcher's classes and its service file, as repackage copies them. */
    private static void copyLoader(Path springBootLoader, JarOutputStream out) throws IOException {
        try (JarFile loader = new JarFile(springBootLoader.toFile())) {
            List<JarEntry> entries = new ArrayList<>(Collections.list(loader.entries()));
            for (JarEntry entry : entries) {
                String name = entry.getName();
                if (name.startsWith("org/") || name.startsWith("META-INF/services/")) {
                    out.putNextEntry(new JarEntry(name));
                    try (InputStream in = loader.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    private static void directory(JarOutputStream out, String name) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.closeEntry();
    }

    /** Nested jars must be stored, not deflated: the launcher reads them in place. */
    private static void stored(JarOutputStream out, String name, byte[] bytes) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }

    private static String entryOf(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }
}
