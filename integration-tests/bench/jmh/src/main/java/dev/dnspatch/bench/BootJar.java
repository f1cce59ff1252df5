package dev.dnspatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Writes a Spring Boot executable jar laid out as Spring Boot's own build plugins lay it out: the
 * loader's classes (and its service files) at the root, the app's START_CLASS under
 * BOOT-INF/classes/, each LIB jar under BOOT-INF/lib/ stored uncompressed (the loader reads nested
 * jars in place and refuses compressed ones), BOOT-INF/classpath.idx listing them, and a manifest
 * that starts JarLauncher. usage: BootJar OUT LOADER_JAR CLASSES_DIR START_CLASS BOOT_VERSION LIB...
 */
public final class BootJar {
    private BootJar() {
    }

    public static void main(String[] args) throws IOException {
        Path loader = Paths.get(args[1]);
        Path classes = Paths.get(args[2]);
        String startClass = args[3];
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        main.putValue("Start-Class", startClass);
        main.putValue("Spring-Boot-Version", args[4]);
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        main.putValue("Spring-Boot-Classpath-Index", "BOOT-INF/classpath.idx");
        Set<String> written = new HashSet<>();
        try (OutputStream file = Files.newOutputStream(Paths.get(args[0]));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(loader))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                    String name = entry.getName();
                    boolean wanted = entry.isDirectory() ? !name.equals("META-INF/")
                            : name.endsWith(".class") || name.startsWith("META-INF/services/");
                    if (wanted && written.add(name)) {
                        jar.putNextEntry(new JarEntry(name));
                        copy(in, jar);
                        jar.closeEntry();
                    }
                }
            }
            String classFile = startClass.replace('.', '/') + ".class";
            directories(jar, written, "BOOT-INF/classes/" + classFile);
            jar.putNextEntry(new JarEntry("BOOT-INF/classes/" + classFile));
            jar.write(Files.readAllBytes(classes.resolve(classFile)));
            jar.closeEntry();
            directories(jar, written, "BOOT-INF/lib/x");
            StringBuilder index = new StringBuilder();
            for (int i = 5; i < args.length; i++) {
                Path lib = Paths.get(args[i]);
                byte[] bytes = Files.readAllBytes(lib);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                String name = "BOOT-INF/lib/" + lib.getFileName();
                JarEntry entry = new JarEntry(name);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
                jar.putNextEntry(entry);
                jar.write(bytes);
                jar.closeEntry();
                index.append("- \"").append(name).append("\"\n");
            }
            jar.putNextEntry(new JarEntry("BOOT-INF/classpath.idx"));
            jar.write(index.toString().getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }

    /** The directory entries above NAME that are not written yet, outermost first. */
    private static void directories(JarOutputStream jar, Set<String> written, String name) throws IOException {
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
            String dir = name.substring(0, slash + 1);
            if (written.add(dir)) {
                jar.putNextEntry(new JarEntry(dir));
                jar.closeEntry();
            }
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0;) {
            out.write(buffer, 0, n);
        }
    }
}
