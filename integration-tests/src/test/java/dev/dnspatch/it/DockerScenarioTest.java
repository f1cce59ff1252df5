package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.dnspatch.it.apps.JdbcApp;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.ReleaseFiles;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.SourceTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The original bug where it happens most: a Java app in a container on a Docker network without
 * IPv6, whose database name has an IPv6 and an IPv4 address. The app is the unmodified
 * {@link JdbcApp}; the database a PostgreSQL container; the name comes from the container's
 * {@code /etc/hosts} (an unreachable {@code 2001:db8::} address and the PostgreSQL container's
 * IPv4 address), and the JVM prefers IPv6. The app runs in its plain JDK image and fails with
 * "Network is unreachable", then with dnspatch added the three ways the examples show: an image
 * built from {@code examples/docker/Dockerfile}, one built from
 * {@code examples/docker/from-image.Dockerfile} with the release image loaded from the build's
 * tarball, and the plain image with the jar copied in and the agent switched on by environment
 * variables alone (compose's volume, Kubernetes' ConfigMap).
 *
 * <p>Needs a Docker engine; where Testcontainers finds none, every case skips, with the reason printed.
 */
class DockerScenarioTest {
    private static final String HOST = "db.example.test";
    private static final String UNREACHABLE_IPV6 = "2001:db8::1";
    private static final String AGENT_IN_IMAGE = "/opt/dnspatch/dnspatch-agent.jar";
    private static final Duration APP_TIMEOUT = Duration.ofMinutes(3);

    /** Why the cases cannot run here, or null. */
    private static String cannotRun;
    private static Network network;
    private static PostgreSQLContainer postgres;
    private static String postgresIpv4;

    @BeforeAll
    static void startPostgres() throws Exception {
        cannotRun = dockerEngineMissing();
        if (cannotRun != null) {
            System.out.println("[skipped] " + cannotRun);
            return;
        }
        // Ask for no IPv6 outright: a daemon's default network options could otherwise turn it on.
        network = Network.builder().enableIpv6(false).build();
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        // A password that cannot turn up in the output by chance: the check that it is never printed means something.
        postgres = new PostgreSQLContainer("postgres:17-alpine").withNetwork(network)
                .withPassword(HexFormat.of().formatHex(secret));
        postgres.start();
        postgresIpv4 = postgres.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .filter(n -> network.getId().equals(n.getNetworkID())).map(ContainerNetwork::getIpAddress)
                .findFirst().orElseThrow(() -> new AssertionError("PostgreSQL has no address on the test network"));
        // The JVM uses IPv6 only where some interface has an IPv6 address (::1 on lo, normally).
        // Where the Docker host switched IPv6 off altogether, the bug cannot happen: say so.
        String ipv6Interfaces = postgres.execInContainer("cat", "/proc/net/if_inet6").getStdout();
        if (ipv6Interfaces.isBlank()) {
            cannotRun = "the containers have no IPv6 at all (empty /proc/net/if_inet6: IPv6 is off on the"
                    + " Docker host), so their JVMs use IPv4 alone and the failure cannot happen";
            System.out.println("[skipped] " + cannotRun);
        }
    }

    /** Each case skips on its own, so the report counts them as skipped, not as never run. */
    @BeforeEach
    void skipWhereItCannotRun() {
        assumeTrue(cannotRun == null, cannotRun);
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    /** The app's JDK image, and the engine dnspatch picks there. */
    static Stream<Arguments> jdkImages() {
        return Runtimes.jdks().map(jdk -> Arguments.of("eclipse-temurin:" + jdk + "-jre",
                jdk >= 18 ? "engine=spi" : "engine=instrument"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdkImages")
    void imageBuiltFromTheExampleDockerfile(String jdkImage, String engine) {
        assertFailsWithoutTheAgent(jdkImage);

        ImageFromDockerfile withDnspatch = new ImageFromDockerfile()
                .withFileFromPath("Dockerfile", exampleDockerfile())
                .withFileFromPath("dnspatch-agent.jar", ForkedJvm.agentJar())
                .withBuildArg("APP_IMAGE", jdkImage)
                .withBuildArg("DNSPATCH_HOSTS", "*.example.test");
        Run with = run(new GenericContainer<>(withDnspatch));
        assertConnected(with, engine, "-javaagent:" + AGENT_IN_IMAGE + "=hosts=*.example.test");
    }

    /**
     * The release image, loaded from the tarball the build made (it is tagged as the release pushes
     * it), copied into the app image by examples/docker/from-image.Dockerfile as it is.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdkImages")
    void imageBuiltWithCopyFromTheReleaseImage(String jdkImage, String engine) throws IOException {
        assertFailsWithoutTheAgent(jdkImage);

        String releaseImage = "ghcr.io/dnspatch/dnspatch-agent:" + SourceTree.version();
        try (InputStream tarball = Files.newInputStream(ReleaseFiles.path("dnspatch-agent-image.tar"))) {
            DockerClientFactory.instance().client().loadImageCmd(tarball).exec();
        }
        ImageFromDockerfile withDnspatch = new ImageFromDockerfile()
                .withFileFromPath("Dockerfile", example("from-image.Dockerfile"))
                .withBuildArg("DNSPATCH_IMAGE", releaseImage)
                .withBuildArg("APP_IMAGE", jdkImage)
                .withBuildArg("DNSPATCH_HOSTS", "*.example.test");
        Run with = run(new GenericContainer<>(withDnspatch));
        assertConnected(with, engine, "-javaagent:" + AGENT_IN_IMAGE + "=hosts=*.example.test");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdkImages")
    void plainImageWithTheJarAndEnvironmentVariables(String jdkImage, String engine) {
        assertFailsWithoutTheAgent(jdkImage);

        Run with = run(new GenericContainer<>(DockerImageName.parse(jdkImage))
                .withCopyFileToContainer(MountableFile.forHostPath(ForkedJvm.agentJar()), AGENT_IN_IMAGE)
                .withEnv("JAVA_TOOL_OPTIONS", "-javaagent:" + AGENT_IN_IMAGE)
                .withEnv("DNSPATCH_HOSTS", "*.example.test"));
        assertConnected(with, engine, "-javaagent:" + AGENT_IN_IMAGE);
    }

    private static void assertFailsWithoutTheAgent(String jdkImage) {
        Run without = run(new GenericContainer<>(DockerImageName.parse(jdkImage)));
        assertEquals(1, without.exitCode, without.toString());
        assertTrue(without.firstLine().startsWith("failed org.postgresql.util.PSQLException: "), without.toString());
        assertTrue(without.firstLine().contains("Network is unreachable"),
                without.toString());
        assertFalse(without.stderr.contains("[dnspatch]"), without.toString());
    }

    private static void assertConnected(Run with, String engine, String toolOptions) {
        assertEquals(0, with.exitCode, with.toString());
        assertTrue(with.firstLine().startsWith("ok SELECT 1 = 1, server " + postgresIpv4 + ", row "), with.toString());
        List<String> stderr = with.stderr.lines().toList();
        assertTrue(stderr.stream().anyMatch(l -> l.startsWith("Picked up JAVA_TOOL_OPTIONS: " + toolOptions)),
                with.toString());
        assertTrue(stderr.stream().anyMatch(l -> l.startsWith("[dnspatch] dnspatch ") && l.contains(": " + engine)),
                with.toString());
        assertTrue(stderr.stream().anyMatch(l -> l.startsWith("[dnspatch] " + HOST + ": using " + postgresIpv4)),
                with.toString());
        assertFalse(with.toString().contains(postgres.getPassword()), "the password was printed");
    }

    /** Runs the JDBC app in this container on the test network until it exits. */
    private static Run run(GenericContainer<?> app) {
        Path appClass = testClass(JdbcApp.class);
        try (GenericContainer<?> container = app
                .withNetwork(network)
                .withExtraHost(HOST, UNREACHABLE_IPV6)
                .withExtraHost(HOST, postgresIpv4)
                .withCopyFileToContainer(MountableFile.forHostPath(appClass),
                        "/app/classes/" + JdbcApp.class.getName().replace('.', '/') + ".class")
                .withCopyFileToContainer(MountableFile.forHostPath(System.getProperty("dnspatch.test.pgjdbc")),
                        "/app/lib/postgresql.jar")
                .withEnv("DB_USER", postgres.getUsername())
                .withEnv("DB_PASSWORD", postgres.getPassword())
                .withCommand("java", "-Djava.net.preferIPv6Addresses=true",
                        "-cp", "/app/classes:/app/lib/postgresql.jar", JdbcApp.class.getName(),
                        "jdbc:postgresql://" + HOST + ":5432/" + postgres.getDatabaseName())
                .withStartupCheckStrategy(new RunToExit().withTimeout(APP_TIMEOUT))) {
            container.start();
            Long exitCode = container.getCurrentContainerInfo().getState().getExitCodeLong();
            return new Run(exitCode == null ? -1 : exitCode.intValue(), container.getLogs(OutputType.STDOUT),
                    container.getLogs(OutputType.STDERR));
        }
    }

    private static Path testClass(Class<?> type) {
        Path file = Paths.get(System.getProperty("dnspatch.test.classes", "target/test-classes"))
                .resolve(type.getName().replace('.', '/') + ".class");
        assertTrue(Files.isRegularFile(file), "not compiled: " + file);
        return file;
    }

    /** The Dockerfile users read, built as it is. */
    private static Path exampleDockerfile() {
        return example("Dockerfile");
    }

    private static Path example(String name) {
        Path dockerfile = Paths.get(System.getProperty("dnspatch.examples", "../examples"), "docker", name)
                .toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(dockerfile), "missing: " + dockerfile);
        return dockerfile;
    }

    /**
     * Null where Testcontainers finds a Docker engine, else why not. Its own log lines, which say
     * more, go nowhere: the tests have no SLF4J provider.
     */
    private static String dockerEngineMissing() {
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
        return "no Docker engine: Testcontainers found none (DOCKER_HOST "
                + (dockerHost == null ? "unset" : "is " + dockerHost) + ", /var/run/docker.sock "
                + (Files.exists(Paths.get("/var/run/docker.sock")) ? "does not answer" : "missing") + ")";
    }

    /** Waits until the app's container has exited, whatever its exit code: the test reads the code. */
    private static final class RunToExit extends StartupCheckStrategy {
        private static final Set<String> NOT_DONE = Set.of("created", "running", "restarting");

        @Override
        public StartupStatus checkStartupState(DockerClient client, String containerId) {
            ContainerState state = getCurrentState(client, containerId);
            return NOT_DONE.contains(state.getStatus()) ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
        }
    }

    /** What the app's container did. */
    private record Run(int exitCode, String stdout, String stderr) {
        String firstLine() {
            return stdout.lines().findFirst().orElse("");
        }

        @Override
        public String toString() {
            return "exit: " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
