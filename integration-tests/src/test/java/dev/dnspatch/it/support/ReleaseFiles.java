package dev.dnspatch.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** dist/target/release: what a release attaches, as {@code mvn package} wrote it. */
public final class ReleaseFiles {
    private ReleaseFiles() {
    }

    public static Path dir() {
        return Paths.get(System.getProperty("dnspatch.release.dir", "../dist/target/release")).toAbsolutePath()
                .normalize();
    }

    public static Path path(String name) {
        Path file = dir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(name + " not built in " + dir() + " (run mvn verify from the top)");
        }
        return file;
    }
}
