package dev.dnspatch.it.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * A modular app jar built as a JPMS app is built: javac compiles a test app's source with a
 * {@code module-info.java}, for release 11 (the oldest LTS with modules), and the jar tool packs it
 * with its main class.
 */
public final class ModuleJar {
    private ModuleJar() {
    }

    /** A jar of module {@code module} holding {@code main} alone, exporting its package. */
    public static Path build(Path dir, String module, Class<?> main) throws IOException {
        String packageName = main.getPackageName();
        Path src = Files.createDirectories(dir.resolve("src"));
        Path source = Paths.get(System.getProperty("basedir", "."), "src/test/java",
                main.getName().replace('.', '/') + ".java");
        Path copy = src.resolve(packageName.replace('.', '/')).resolve(source.getFileName());
        Files.createDirectories(copy.getParent());
        Files.copy(source, copy);
        Files.writeString(src.resolve("module-info.java"),
                "module " + module + " {\n    exports " + packageName + ";\n}\n");
        Path classes = dir.resolve("classes");
        run("javac", "--release", "11", "-d", classes.toString(), src.resolve("module-info.java").toString(),
                copy.toString());
        Path jar = dir.resolve(module + ".jar");
        run("jar", "--create", "--file", jar.toString(), "--main-class", main.getName(), "-C", classes.toString(), ".");
        return jar;
    }

    private static void run(String tool, String... args) {
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output);
        int status = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException("no " + tool + " tool"))
                .run(writer, writer, args);
        writer.flush();
        if (status != 0) {
            throw new IllegalStateException(tool + " " + List.of(args) + " failed:\n" + output);
        }
    }
}
