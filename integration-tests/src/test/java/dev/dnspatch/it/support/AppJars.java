package dev.dnspatch.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

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

    /** A jar the tests have as a Maven dependency, passed in as a system property by the pom. */
    public static Path fromProperty(String property) {
        return Paths.get(System.getProperty(property));
    }
}
