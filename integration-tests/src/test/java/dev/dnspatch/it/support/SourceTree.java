package dev.dnspatch.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The source tree the jar was built from, asked through git itself, independently of how the build
 * asked: what the jar's manifest and {@code --version} must say.
 */
public final class SourceTree {
    private SourceTree() {
    }

    public static Path root() {
        return Paths.get(System.getProperty("dnspatch.source.root", "..")).toAbsolutePath().normalize();
    }

    public static String version() {
        String version = System.getProperty("dnspatch.version");
        if (version == null) {
            throw new IllegalStateException("dnspatch.version is not set (run the tests through mvn verify)");
        }
        return version;
    }

    /** HEAD's 40 hex digits, or empty where the tree is no git work tree of its own. */
    public static Optional<String> commit() {
        Optional<String> prefix = git("rev-parse", "--show-prefix");
        if (!prefix.isPresent() || !prefix.get().isEmpty()) {
            return Optional.empty();
        }
        return git("rev-parse", "HEAD");
    }

    /** Whether tracked files differ from HEAD (untracked ones do not count, as for git describe --dirty). */
    public static boolean modified() {
        return !git("status", "--porcelain", "--untracked-files=no").orElse("").isEmpty();
    }

    /** HEAD's committer time, as the build stamps archive entries, for example 2026-12-01T20:19:49Z. */
    public static Optional<String> commitTime() {
        return commit().flatMap(c -> git("-c", "log.showSignature=false", "log", "-1", "--format=%cd",
                "--date=format-local:%Y-%m-%dT%H:%M:%SZ"));
    }

    private static Optional<String> git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root().toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("TZ", "UTC");
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
