package dev.dnspatch.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Libraries that apps bring, copied from Maven Central by the build into {@code target/app-jars}
 * in the versions pinned in the root pom: versions that cannot share the tests' own class path
 * (SLF4J 1.7 beside SLF4J 2, another Byte Buddy than the agent's).
 */
public final class AppJars {
    private AppJars() {
    }

    /** {@code name} as the build's copy names it, for example {@code slf4j17-api}. */
    public static Path get(String name) {
        Path jar = Paths.get(System.getProperty("dnspatch.test.app-jars", "target/app-jars"), name + ".jar")
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("app jar not copied: " + jar + " (run mvn verify from the top)");
        }
        return jar;
    }

    /** HikariCP for an app on this JDK: 7.x from Java 11, 4.0.3 (the last for Java 8) below. */
    public static Path hikariCp(int feature) {
        return feature >= 11 ? fromProperty("dnspatch.test.hikaricp") : get("hikaricp-java8");
    }

    /** Logback classic and core for an app on this JDK: 1.5 from Java 11, 1.3 (the Java 8 line) below. */
    public static Path[] logback(int feature) {
        return feature >= 11 ? new Path[] {get("logback-classic"), get("logback-core")}
                : new Path[] {get("logback-java8-classic"), get("logback-java8-core")};
    }

    /**
     * Every jar of these library sets, each a folder of the build's copy such as {@code netty41}
     * or {@code vertx4}: an app's whole class path, its transitive dependencies included.
     */
    public static List<Path> sets(String... names) {
        List<Path> jars = new ArrayList<>();
        for (String name : names) {
            Path folder = Paths.get(System.getProperty("dnspatch.test.app-jars", "target/app-jars"), name)
                    .toAbsolutePath();
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new IllegalStateException("library set not copied: " + folder + " (run mvn verify from the top)",
                        e);
            }
        }
        return jars;
    }

    /** A jar the tests have as a Maven dependency, passed in as a system property by the pom. */
    public static Path fromProperty(String property) {
        return Paths.get(System.getProperty(property));
    }
}
