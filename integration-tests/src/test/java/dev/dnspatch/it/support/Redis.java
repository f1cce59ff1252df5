package dev.dnspatch.it.support;

import static dev.dnspatch.it.support.Shell.quote;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A real {@code redis-server}, the Redis 6.2 linux-amd64 binary that the Maven artifact
 * {@code com.github.codemonstur:embedded-redis} ships (only the binary is used, not its Java
 * API), started inside the app's namespace on {@code 127.0.0.1:6379} and {@code [::1]:6379}.
 */
public final class Redis {
    public static final int PORT = 6379;
    private static final String BINARY = "redis-server-6.2.6-v5-linux-amd64";

    private final Path server;

    private Redis(Path server) {
        this.server = server;
    }

    /**
     * Unpacks the binary into {@code dir}. Skips the calling test, with the reason printed, where
     * it cannot run here.
     */
    public static Redis prepare(Path dir) throws IOException, InterruptedException {
        assume("linux".equalsIgnoreCase(System.getProperty("os.name"))
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
                "redis-server: only the linux-amd64 binary is used");
        Path binary = dir.resolve("redis-server");
        try (JarFile jar = new JarFile(AppJars.get("embedded-redis").toFile())) {
            ZipEntry entry = jar.getEntry(BINARY);
            assume(entry != null, "redis-server: " + BINARY + " is not in the embedded-redis jar");
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process version = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        String output = new String(version.getInputStream().readAllBytes()).trim();
        boolean ran = version.waitFor(20, TimeUnit.SECONDS) && version.exitValue() == 0;
        assume(ran, "redis-server does not run here (it needs glibc and libssl 3): " + output);
        return new Redis(binary);
    }

    /** Adds this server to each run of the launcher, ready once it accepts connections. */
    public ScenarioLauncher addTo(ScenarioLauncher launcher) {
        String command = quote(List.of(server.toString(), "--bind", "127.0.0.1", "::1", "--port", String.valueOf(PORT),
                "--save", "", "--appendonly", "no", "--daemonize", "no"));
        return launcher.server("redis", command, "grep -q 'Ready to accept connections' \"$run/redis.log\"");
    }

    private static void assume(boolean condition, String reason) {
        if (!condition) {
            System.out.println("[skipped] " + reason);
        }
        assumeTrue(condition, reason);
    }
}
