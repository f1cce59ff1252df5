package dev.dnspatch.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the JDKs the forked tests run on: {@code DNSPATCH_TEST_JDKn} when set, else the usual
 * install folders, else the cache that {@code scripts/jdks.sh} unpacks JDKs into (which
 * {@code ./test.sh} fills). A missing JDK skips its cases with a printed reason.
 */
public final class Jdks {
    private static final Path HOME = Paths.get(System.getProperty("user.home"));
    private static final Path[] INSTALL_ROOTS = {
        Paths.get("/usr/lib/jvm"), Paths.get("/usr/java"), Paths.get("/opt/java"), Paths.get("/opt"),
        HOME.resolve(".sdkman/candidates/java"), HOME.resolve(".jdks"),
    };
    private static final Pattern VERSION = Pattern.compile("version \"([^\"]+)\"");
    private static final Map<Path, Integer> FEATURES = new ConcurrentHashMap<>();

    private Jdks() {
    }

    /** The java executable of a JDK with this feature version, skipping the test when there is none. */
    public static Path require(int feature) {
        Optional<Path> home = find(feature);
        String reason = "JDK " + feature + " not found: set DNSPATCH_TEST_JDK" + feature
                + " to its home, or run ./test.sh, which provides it, to run these cases";
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
        Path cached = cache().resolve("jdk-" + feature);
        if (Files.exists(cached.resolve("ready")) && featureOf(cached.resolve("home")) == feature) {
            return Optional.of(cached.resolve("home"));
        }
        return Optional.empty();
    }

    /** Where {@code scripts/jdks.sh} unpacks the JDKs it fetches. */
    private static Path cache() {
        String set = System.getenv("DNSPATCH_JDK_CACHE");
        if (set != null && !set.isBlank()) {
            return Paths.get(set);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Paths.get(xdg) : HOME.resolve(".cache")).resolve("dnspatch/jdks");
    }

    /** The feature version from the JDK's {@code release} file or, where it has none (JDK 8), {@code java -version}; -1 if neither. */
    static int featureOf(Path home) {
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            return -1;
        }
        return FEATURES.computeIfAbsent(home.toAbsolutePath(), Jdks::readFeature);
    }

    private static int readFeature(Path home) {
        try {
            return feature(Files.isRegularFile(home.resolve("release")) ? releaseVersion(home) : runVersion(home));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String releaseVersion(Path home) throws IOException {
        for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
            if (line.startsWith("JAVA_VERSION=")) {
                return line.substring("JAVA_VERSION=".length()).replace("\"", "");
            }
        }
        return "";
    }

    private static String runVersion(Path home) throws IOException {
        try {
            Process process = new ProcessBuilder(home.resolve("bin/java").toString(), "-version")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            Matcher version = VERSION.matcher(output);
            return version.find() ? version.group(1) : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** {@code 1.8.0_504} is 8, {@code 25.0.3} is 25. */
    static int feature(String version) {
        List<String> parts = new ArrayList<>(List.of(version.split("[.\\-+_]")));
        if (parts.get(0).equals("1") && parts.size() > 1) {
            parts.remove(0);
        }
        return Integer.parseInt(parts.get(0));
    }
}
