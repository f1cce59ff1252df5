package dev.dnspatch.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the JDKs the forked tests run on: {@code DNSPATCH_TEST_JDK17} / {@code DNSPATCH_TEST_JDK25}
 * when set, else the usual install folders. A missing JDK skips its cases with a printed reason.
 */
public final class Jdks {
    private static final Path[] INSTALL_ROOTS = {
        Paths.get("/usr/lib/jvm"), Paths.get("/usr/java"), Paths.get("/opt/java"), Paths.get("/opt"),
        Paths.get(System.getProperty("user.home"), ".sdkman/candidates/java"),
        Paths.get(System.getProperty("user.home"), ".jdks"),
    };

    private Jdks() {
    }

    /** The java executable of a JDK with this feature version, skipping the test when there is none. */
    public static Path require(int feature) {
        Optional<Path> home = find(feature);
        String reason = "JDK " + feature + " not found: set DNSPATCH_TEST_JDK" + feature
                + " to its home to run these cases";
        if (home.isEmpty()) {
            System.out.println("[skipped] " + reason);
        }
        assumeTrue(home.isPresent(), reason);
        return home.get().resolve("bin/java");
    }

    public static Optional<Path> find(int feature) {
        String fromEnv = System.getenv("DNSPATCH_TEST_JDK" + feature);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path home = Paths.get(fromEnv);
            return featureOf(home) == feature ? Optional.of(home) : Optional.empty();
        }
        for (Path root : INSTALL_ROOTS) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> homes = Files.list(root)) {
                Optional<Path> match = homes.sorted()
                        .filter(home -> !Files.isSymbolicLink(home))
                        .filter(home -> featureOf(home) == feature)
                        .findFirst();
                if (match.isPresent()) {
                    return match;
                }
            } catch (IOException ignored) {
                // look in the next folder
            }
        }
        return Optional.empty();
    }

    /** The feature version from the JDK's {@code release} file, or -1. */
    static int featureOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String first = version.split("[.\\-+]")[0];
                    int feature = Integer.parseInt(first);
                    return feature == 1 ? Integer.parseInt(version.split("\\.")[1]) : feature;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            return -1;
        }
        return -1;
    }
}
