package dev.dnspatch.it.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker engine the tests use: the one Testcontainers finds (DOCKER_HOST, else
 * /var/run/docker.sock). The tests never start one; {@code .ci/run} does where none runs
 * ({@code scripts/docker-engine.sh}). Everything the tests create there carries {@link #LABEL} (or,
 * for images, a name under {@link #APP_IMAGES}), and what an earlier, killed run left behind is
 * removed before the tests start: nothing else on the engine is touched.
 */
public final class DockerEngine {
    /** The label on the tests' containers and networks. */
    public static final String LABEL = "dev.dnspatch.test";
    /** Where the app images the tests build are named, removed after each test. */
    public static final String APP_IMAGES = "dnspatch-test/app";
    /** The compose project of the compose case: its containers, and the image it builds, carry the name. */
    public static final String COMPOSE_PROJECT = "dnspatch-test-compose";

    private static String missing;
    private static boolean checked;

    private DockerEngine() {
    }

    /** Why the Docker tests cannot run here, or empty where an engine answers. */
    public static synchronized Optional<String> missing() {
        if (!checked) {
            checked = true;
            missing = findMissing();
            if (missing == null) {
                removeLeftovers();
            }
        }
        return Optional.ofNullable(missing);
    }

    public static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /** The engine's address as DOCKER_HOST gives it, for the docker and compose commands. */
    public static String host() {
        return DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
    }

    /** The engine as one line: version and API, for the tests' reports. */
    public static String describe() {
        com.github.dockerjava.api.model.Version version = client().versionCmd().exec();
        return "Docker " + version.getVersion() + " (API " + version.getApiVersion() + ")";
    }

    /**
     * The compose v2 command: DNSPATCH_DOCKER_COMPOSE (set by .ci/run to the one it fetched), else
     * {@code docker compose}, else a {@code docker-compose} that is v2; empty where there is none.
     */
    public static Optional<List<String>> compose() {
        String fetched = System.getenv("DNSPATCH_DOCKER_COMPOSE");
        if (fetched != null && !fetched.isEmpty()) {
            return Optional.of(List.of(fetched));
        }
        for (List<String> command : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(command);
            version.addAll(List.of("version", "--short"));
            String out = run(version);
            if (out != null && out.trim().matches("v?2\\..*")) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    /** Removes this image where it exists. */
    public static void removeImage(String name) {
        try {
            client().removeImageCmd(name).withForce(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            // Never built, or already gone.
        }
    }

    private static String findMissing() {
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            available = false;
        }
        if (available) {
            return null;
        }
        String dockerHost = System.getenv("DOCKER_HOST");
        return "no Docker engine that Testcontainers can use (API 1.44 or newer): DOCKER_HOST "
                + (dockerHost == null ? "unset" : "is " + dockerHost) + ", /var/run/docker.sock "
                + (Files.exists(Paths.get("/var/run/docker.sock")) ? "does not answer so" : "missing")
                + " (scripts/docker-engine.sh start provides one on Debian, as root)";
    }

    /** The tests' containers, networks and app images that a killed run left on the engine. */
    private static void removeLeftovers() {
        DockerClient client = client();
        for (Container container : client.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(LABEL)).exec()) {
            client.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        for (Network network : client.listNetworksCmd().withFilter("label", List.of(LABEL)).exec()) {
            client.removeNetworkCmd(network.getId()).exec();
        }
        List<Image> apps = new ArrayList<>(client.listImagesCmd().withReferenceFilter(APP_IMAGES + "*").exec());
        // compose's my-api:1.4 and my-worker:2.0 as the compose case builds them, and the image compose built.
        apps.addAll(client.listImagesCmd().withLabelFilter(Map.of(LABEL, "compose-app")).exec());
        apps.addAll(client.listImagesCmd().withReferenceFilter(COMPOSE_PROJECT + "*").exec());
        // By name, never by id: an id can carry other names too.
        apps.stream().filter(image -> image.getRepoTags() != null).flatMap(image -> Stream.of(image.getRepoTags()))
                .distinct().forEach(DockerEngine::removeImage);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return null;
            }
            return out;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
