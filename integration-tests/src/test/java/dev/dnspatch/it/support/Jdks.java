package dev.dnspatch.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The feature version from the JDK's {@code release} file, or from {@code java -version} where
     * it has none (Debian's JDK 8 packages, as scripts/jdks.sh unpacks them), or -1.
     */
    static int featureOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            return -1;
        }
        try {
            List<String> lines = Files.isRegularFile(release) ? Files.readAllLines(release, StandardCharsets.UTF_8)
                    : versionOutput(home);
            for (String line : lines) {
                Matcher version = VERSION.matcher(line);
                if (version.find()) {
                    int feature = Integer.parseInt(version.group(1));
                    return feature == 1 ? Integer.parseInt(version.group(2)) : feature;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return -1;
    }

    /** {@code JAVA_VERSION="1.8.0_504"} in a release file, {@code openjdk version "1.8.0_504"} from java -version. */
    private static final Pattern VERSION = Pattern.compile("(?:JAVA_VERSION=|version )\"(\\d+)(?:\\.(\\d+))?");

    private static List<String> versionOutput(Path home) throws IOException, InterruptedException {
        Process java = new ProcessBuilder(home.resolve("bin/java").toString(), "-version").redirectErrorStream(true)
                .start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        java.waitFor(30, TimeUnit.SECONDS);
        return output.lines().toList();
    }
}
