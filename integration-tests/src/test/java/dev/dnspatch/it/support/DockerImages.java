package dev.dnspatch.it.support;

import static org.junit.jupiter.api.Assumptions.abort;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The images the Docker tests run: a JRE image per JDK and a PostgreSQL image. By default they are
 * built here from Debian's packages, so that no registry is needed: {@code scripts/docker-images.sh}
 * makes each with mmdebstrap (Debian's essential set plus {@code openjdk-N-jre-headless}, or
 * {@code postgresql-17}), keyed by its recipe and the Debian suite's index, as a {@code docker load}
 * archive of {@code dnspatch-test/jre-N:KEY}, which the tests load. An image
 * whose key the engine already has is used as it is, so each is built once, and again only when
 * Debian's suite changes. Where the official images can be pulled (GitHub's runners),
 * {@code DNSPATCH_TEST_IMAGES=official} takes {@code eclipse-temurin:N-jre} and
 * {@code postgres:17-alpine} instead: that is the one setting.
 *
 * <p>An image that cannot be had aborts the test that needs it with one line saying why (a
 * registry out of reach, no Debian tools), so that an engine that cannot pull never turns into a
 * failure that hides the real result.
 */
public final class DockerImages {
    /** Every image built here, whose keys the script reads in one go. */
    private static final List<String> NAMES = List.of("postgres", "jre-17", "jre-25", "jre-8", "jre-11", "jre-21");
    private static final long BUILD_TIMEOUT_MINUTES = 20;

    private static final Map<String, String> READY = new HashMap<>();
    private static final Map<String, String> FAILED = new HashMap<>();
    private static Map<String, String> keys;
    private static String keysFailed;

    private DockerImages() {
    }

    /** Whether the official images are used ({@code DNSPATCH_TEST_IMAGES=official}) instead of images built here. */
    public static boolean official() {
        return "official".equals(System.getenv("DNSPATCH_TEST_IMAGES"));
    }

    /** The image with a JRE of this feature version on the PATH as {@code java}. */
    public static String jre(int feature) {
        return official() ? pulled("eclipse-temurin:" + feature + "-jre") : built("jre-" + feature);
    }

    /** A PostgreSQL image; see {@link DockerPostgres} for how each is started. */
    public static String postgres() {
        return official() ? pulled("postgres:17-alpine") : built("postgres");
    }

    private static synchronized String pulled(String name) {
        String image = READY.get(name);
        if (image != null) {
            return image;
        }
        String failed = FAILED.get(name);
        if (failed == null) {
            try {
                if (!present(name)) {
                    DockerEngine.client().pullImageCmd(name).start().awaitCompletion(10, TimeUnit.MINUTES);
                }
                if (!present(name)) {
                    throw new IllegalStateException("not pulled within 10 minutes");
                }
                READY.put(name, name);
                return name;
            } catch (RuntimeException | InterruptedException e) {
                failed = "cannot pull " + name + ": " + oneLine(e.getMessage());
                FAILED.put(name, failed);
            }
        }
        return abort(failed);
    }

    private static synchronized String built(String name) {
        String image = READY.get(name);
        if (image != null) {
            return image;
        }
        String failed = FAILED.get(name);
        if (failed == null) {
            long start = System.nanoTime();
            try {
                image = load(name);
                READY.put(name, image);
                return image;
            } catch (IOException | RuntimeException e) {
                failed = "cannot build the " + name + " image: " + oneLine(e.getMessage());
                FAILED.put(name, failed);
            } finally {
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                System.out.println("[docker image] " + name + ": " + (READY.containsKey(name)
                        ? READY.get(name) + " ready in " + seconds + " s" : FAILED.get(name)));
            }
        }
        return abort(failed);
    }

    /** dnspatch-test/NAME:KEY, loaded from the script's archive unless the engine has it. */
    private static String load(String name) throws IOException {
        String key = keys().get(name);
        String repository = "dnspatch-test/" + name;
        String image = repository + ":" + key;
        DockerClient client = DockerEngine.client();
        if (present(image)) {
            return image;
        }
        Path archive = Paths.get(script("image", name).trim());
        try (InputStream in = Files.newInputStream(archive)) {
            client.loadImageCmd(in).exec();
        }
        if (!present(image)) {
            throw new IllegalStateException(archive + " was loaded, but the engine has no " + image);
        }
        // Older keys of this image are stale: Debian's suite or the recipe changed since.
        for (Image old : client.listImagesCmd().withReferenceFilter(repository).exec()) {
            if (old.getRepoTags() != null && !List.of(old.getRepoTags()).contains(image)) {
                client.removeImageCmd(old.getId()).withForce(true).exec();
            }
        }
        return image;
    }

    private static Map<String, String> keys() {
        if (keys == null && keysFailed == null) {
            try {
                Map<String, String> found = new HashMap<>();
                String[] command = new String[NAMES.size() + 1];
                command[0] = "keys";
                for (int i = 0; i < NAMES.size(); i++) {
                    command[i + 1] = NAMES.get(i);
                }
                for (String line : script(command).split("\n")) {
                    String[] parts = line.trim().split(" ");
                    if (parts.length == 2) {
                        found.put(parts[0], parts[1]);
                    }
                }
                keys = found;
            } catch (IOException | RuntimeException e) {
                keysFailed = oneLine(e.getMessage());
            }
        }
        if (keys == null) {
            throw new IllegalStateException(keysFailed);
        }
        return keys;
    }

    private static boolean present(String image) {
        try {
            DockerEngine.client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Runs scripts/docker-images.sh; its standard output, or an exception with its last line on stderr. */
    private static String script(String... args) throws IOException {
        Path script = SourceTree.root().resolve("scripts/docker-images.sh");
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        Path errors = Files.createTempFile("docker-images", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("scripts/docker-images.sh " + String.join(" ", args)
                        + " took more than " + BUILD_TIMEOUT_MINUTES + " minutes");
            }
            List<String> stderr = Files.readAllLines(errors, StandardCharsets.UTF_8);
            stderr.forEach(line -> System.out.println("[docker image] " + line));
            if (process.exitValue() != 0) {
                throw new IllegalStateException(stderr.isEmpty() ? "scripts/docker-images.sh exited "
                        + process.exitValue() : stderr.get(stderr.size() - 1));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
