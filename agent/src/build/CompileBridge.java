import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Build step, after the agent's classes are compiled: compiles {@code java.net.DnspatchBridge}
 * (src/bridge) for Java 8 and puts its class file among the agent's as data,
 * {@code dev/dnspatch/instrument/DnspatchBridge.bin}. The agent defines it in {@code java.net} at
 * run time; as a class of the jar it would sit outside dnspatch's packages, and no class loader
 * may define a {@code java.*} class from a jar anyway.
 *
 * <p>{@code java CompileBridge.java SOURCE CLASSES_DIRECTORY}, from the agent's pom.
 */
public final class CompileBridge {
    static final String DATA = "dev/dnspatch/instrument/DnspatchBridge.bin";

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        Path out = Files.createTempDirectory("dnspatch-bridge");
        try {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            // Line numbers and the source file for stack traces; no local variable names.
            int status = javac.run(null, null, null, "--release", "8", "-Xlint:all,-options", "-Werror",
                    "-g:source,lines", "-implicit:none", "-d", out.toString(), source.toString());
            if (status != 0) {
                throw new IOException("javac failed on " + source + " (status " + status + ")");
            }
            Path data = classes.resolve(DATA);
            Files.createDirectories(data.getParent());
            Files.copy(out.resolve("java/net/DnspatchBridge.class"), data,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try (Stream<Path> files = Files.walk(out)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
