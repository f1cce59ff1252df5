package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.dnspatch.it.apps.ContainerApp;
import dev.dnspatch.it.apps.JdbcApp;
import dev.dnspatch.it.apps.VertxPgApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.DockerDns;
import dev.dnspatch.it.support.DockerEngine;
import dev.dnspatch.it.support.DockerImages;
import dev.dnspatch.it.support.DockerNetwork;
import dev.dnspatch.it.support.DockerPostgres;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.ReleaseFiles;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.SourceTree;
import dev.dnspatch.it.support.TestJars;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.MountableFile;

/**
 * The original bug where it happens most, in real containers: a Java app on a Docker network where
 * the container has an IPv6 address and no IPv6 route beyond its own subnet ({@link DockerNetwork}),
 * whose database name has an unreachable IPv6 address and the PostgreSQL container's IPv4 one (in
 * the container's {@code /etc/hosts}, as {@code --add-host} or compose's {@code extra_hosts} put
 * them, or for the Netty app in a real DNS server on the network), with the JVM preferring IPv6. On each JDK image, the unmodified app fails with
 * "Network is unreachable" in the plain image, then connects with dnspatch added each way the
 * examples show: an image built from {@code examples/docker/Dockerfile} as it is; one built from
 * {@code examples/docker/from-image.Dockerfile} as it is, with the release image loaded from the
 * build's tarball; the plain image with the jar copied in and the agent switched on by environment
 * variables alone (Kubernetes' and compose's way); an app that resolves through Netty's own DNS
 * resolver (Vert.x's PostgreSQL client), switched on the same way; and
 * {@code examples/docker/compose.yaml} run as it is by compose.
 *
 * <p>The images come from {@link DockerImages} (built here from Debian's packages, or the official
 * ones). Needs a Docker engine: where Testcontainers finds none, every case skips with the reason.
 */
class DockerScenarioTest {
    private static final String HOST = "db.example.test";
    /** The database host compose.yaml names. */
    private static final String COMPOSE_HOST = "db.abcdefghijklmnop.supabase.co";
    private static final String AGENT_IN_IMAGE = "/opt/dnspatch/dnspatch-agent.jar";
    private static final String RELEASE_IMAGE = "ghcr.io/dnspatch/dnspatch-agent:" + SourceTree.version();
    private static final Duration APP_TIMEOUT = Duration.ofMinutes(3);
    /** The JDK compose's app images run on. */
    private static final int COMPOSE_JDK = 25;

    @TempDir
    static Path dir;
    /** Why the cases cannot run here, or null. */
    private static String cannotRun;
    private static Network network;
    private static DockerPostgres postgres;
    /** A DNS server on the network, for the Netty app: started by the first case that needs it. */
    private static DockerDns dns;
    private static boolean releaseImageLoaded;
    /** Each app's run without the agent, once per JDK: every case that uses it asserts it. */
    private static final Map<String, Run> WITHOUT = new HashMap<>();

    @BeforeAll
    static void startPostgres() {
        cannotRun = DockerEngine.missing().orElse(null);
        if (cannotRun != null) {
            System.out.println("[skipped] " + cannotRun);
            return;
        }
        System.out.println("[docker] " + DockerEngine.describe() + "; images: "
                + (DockerImages.official() ? "the official ones" : "built here from Debian's packages"));
        try {
            network = DockerNetwork.create();
            postgres = DockerPostgres.start(network);
        } catch (org.opentest4j.TestAbortedException e) {
            cannotRun = e.getMessage();
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
        if (dns != null) {
            dns.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (network != null) {
            network.close();
        }
        if (releaseImageLoaded) {
            DockerEngine.removeImage(RELEASE_IMAGE);
        }
    }

    static List<Integer> jdks() {
        return Runtimes.jdks().collect(Collectors.toList());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void imageBuiltFromTheExampleDockerfile(int jdk) {
        assertFailsWithoutTheAgent(jdbc(), jdk);

        Run with = withAppImage(new ImageFromDockerfile(appImageName(), false)
                .withFileFromPath("Dockerfile", example("Dockerfile"))
                .withFileFromPath("dnspatch-agent.jar", ForkedJvm.agentJar())
                .withBuildArg("APP_IMAGE", DockerImages.jre(jdk))
                .withBuildArg("DNSPATCH_HOSTS", "*.example.test"), image -> run(jdbc(), image, false));
        report("examples/docker/Dockerfile", jdk, with);
        assertConnected(with, jdk, "-javaagent:" + AGENT_IN_IMAGE + "=hosts=*.example.test", HOST, false);
    }

    /**
     * The release image, loaded from the tarball the build made (it is tagged as the release pushes
     * it), copied into the app image by examples/docker/from-image.Dockerfile as it is.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void imageBuiltWithCopyFromTheReleaseImage(int jdk) throws IOException {
        assertFailsWithoutTheAgent(jdbc(), jdk);

        loadReleaseImage();
        Run with = withAppImage(new ImageFromDockerfile(appImageName(), false)
                .withFileFromPath("Dockerfile", example("from-image.Dockerfile"))
                .withBuildArg("DNSPATCH_IMAGE", RELEASE_IMAGE)
                .withBuildArg("APP_IMAGE", DockerImages.jre(jdk))
                .withBuildArg("DNSPATCH_HOSTS", "*.example.test"), image -> run(jdbc(), image, false));
        report("examples/docker/from-image.Dockerfile", jdk, with);
        assertConnected(with, jdk, "-javaagent:" + AGENT_IN_IMAGE + "=hosts=*.example.test", HOST, false);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void plainImageWithTheJarAndEnvironmentVariables(int jdk) {
        assertFailsWithoutTheAgent(jdbc(), jdk);

        Run with = run(jdbc(), DockerImages.jre(jdk), true);
        report("the jar and JAVA_TOOL_OPTIONS", jdk, with);
        assertConnected(with, jdk, "-javaagent:" + AGENT_IN_IMAGE, HOST, false);
    }

    /**
     * Vert.x's PostgreSQL client resolves the name with Netty's own DNS resolver, which sends its own
     * queries: here to a real DNS server on the network, where the name has an AAAA and an A record.
     * Netty asks for IPv6 only where an interface has a global IPv6 address, as every container on
     * this network has: without the agent it asks for both, connects to the IPv6 address first and
     * fails as pgjdbc does; with it, it asks for A records alone.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void nettyResolvingAppWithTheJarAndEnvironmentVariables(int jdk) throws IOException {
        List<String> asked = dns().queries();
        assertFailsWithoutTheAgent(vertx(jdk), jdk);
        List<String> askedWithout = newQueries(asked);

        asked = dns().queries();
        Run with = run(vertx(jdk), DockerImages.jre(jdk), true);
        List<String> askedWith = newQueries(asked);
        report("Vert.x (Netty's resolver), the jar and JAVA_TOOL_OPTIONS", jdk, with);
        System.out.println("[docker] JDK " + jdk + ", Vert.x, DNS queries without the agent " + askedWithout
                + ", with it " + askedWith);
        assertConnected(with, jdk, "-javaagent:" + AGENT_IN_IMAGE, HOST, true);
        assertTrue(askedWith.stream().allMatch(q -> q.startsWith(HOST + ". A ")) && !askedWith.isEmpty(),
                askedWith.toString());
    }

    /** The queries the DNS server answered since it had answered {@code before}: none when the run was memoized. */
    private static List<String> newQueries(List<String> before) {
        List<String> now = dns.queries();
        return now.subList(before.size(), now.size());
    }

    private static synchronized DockerDns dns() throws IOException {
        if (dns == null) {
            DnsServer.Zone zone = DnsServer.Zone.at(Files.createDirectories(dir.resolve("dns")).resolve("zone"))
                    .aaaa(HOST, DockerNetwork.UNREACHABLE_IPV6).a(HOST, postgres.ipv4());
            dns = DockerDns.start(network, zone, 17, dir.resolve("dns"));
        }
        return dns;
    }

    /**
     * examples/docker/compose.yaml as it is, in a project folder with the Dockerfile beside it and
     * the jar, as its comment says. compose.test.yaml, passed after it, adds only the test's
     * surroundings: the network (the shared internal one), the database name's two addresses, and
     * the credentials. The images it names, my-api:1.4 and my-worker:2.0, are the unmodified
     * {@link ContainerApp} ({@code java -jar}, configured by DATABASE_URL and the credentials),
     * built for this test; without the agent both fail.
     */
    @Test
    void composeFileAsItIs() throws Exception {
        List<String> compose = DockerEngine.compose().orElseGet(() -> abort(
                "no compose v2 here (docker compose, docker-compose 2, or DNSPATCH_DOCKER_COMPOSE)"));
        Map<String, String> appImages = new LinkedHashMap<>();
        appImages.put("api", "my-api:1.4");
        appImages.put("worker", "my-worker:2.0");
        for (String image : appImages.values()) {
            refuseToReplace(image);
        }
        String project = DockerEngine.COMPOSE_PROJECT;
        Path folder = Files.createDirectories(dir.resolve("compose"));
        Files.copy(example("compose.yaml"), folder.resolve("compose.yaml"));
        Files.copy(example("Dockerfile"), folder.resolve("Dockerfile"));
        Files.copy(ForkedJvm.agentJar(), folder.resolve("dnspatch-agent.jar"));
        Files.writeString(folder.resolve("compose.test.yaml"), composeSurroundings());
        List<String> base = new ArrayList<>(compose);
        base.addAll(List.of("--project-name", project, "--project-directory", folder.toString(),
                "-f", folder.resolve("compose.yaml").toString(), "-f", folder.resolve("compose.test.yaml").toString()));
        try {
            Path app = TestJars.application(Files.createDirectories(dir.resolve("compose-app")), ContainerApp.class,
                    Paths.get(System.getProperty("dnspatch.test.pgjdbc")));
            for (String image : appImages.values()) {
                buildContainerApp(image, app);
            }
            for (Map.Entry<String, String> service : appImages.entrySet()) {
                Run without = runContainerApp(service.getValue());
                System.out.println("[docker] compose's " + service.getKey() + " image " + service.getValue()
                        + " without the agent: " + without.firstLine());
                assertFailed(without);
            }

            List<String> up = new ArrayList<>(base);
            up.addAll(List.of("up", "--build", "--no-color"));
            String output = composeRun(up);
            output.lines().forEach(line -> System.out.println("[compose] " + line));
            Map<String, Run> runs = composeRuns(project);
            assertEquals(appImages.keySet(), runs.keySet(), output);
            Run api = runs.get("api");
            report("compose.yaml, service api (built with the Dockerfile)", COMPOSE_JDK, api);
            assertComposeServiceConnected(api, "-javaagent:" + AGENT_IN_IMAGE + "=hosts=*.supabase.co", output);
            Run worker = runs.get("worker");
            report("compose.yaml, service worker (the jar mounted, environment variables)", COMPOSE_JDK, worker);
            assertComposeServiceConnected(worker, "-javaagent:" + AGENT_IN_IMAGE, output);
            assertTrue(worker.stderr.contains("hosts=*.supabase.co,*.rds.amazonaws.com"), worker.toString());
            assertFalse(output.contains(postgres.password()), "compose printed the password");
        } finally {
            List<String> down = new ArrayList<>(base);
            down.addAll(List.of("down", "--rmi", "local", "--timeout", "5"));
            composeRun(down);
            for (String image : appImages.values()) {
                DockerEngine.removeImage(image);
            }
        }
    }

    /** What compose.test.yaml adds around compose.yaml: nothing of the services' own set-up changes. */
    private static String composeSurroundings() {
        StringBuilder yaml = new StringBuilder()
                .append("# The test's surroundings for compose.yaml, which runs as it is: the network, the names, the credentials.\n")
                .append("services:\n");
        for (String service : List.of("api", "worker")) {
            yaml.append("  ").append(service).append(":\n")
                    .append("    extra_hosts:\n")
                    .append("      - \"").append(COMPOSE_HOST).append("=").append(DockerNetwork.UNREACHABLE_IPV6).append("\"\n")
                    .append("      - \"").append(COMPOSE_HOST).append("=").append(postgres.ipv4()).append("\"\n")
                    .append("    environment:\n")
                    .append("      DB_USER: ").append(postgres.user()).append("\n")
                    .append("      DB_PASSWORD: ${DB_PASSWORD:?}\n")
                    .append("    labels:\n")
                    .append("      ").append(DockerEngine.LABEL).append(": compose\n");
        }
        return yaml.append("networks:\n  default:\n    name: ").append(network.getId()).append("\n    external: true\n")
                .toString();
    }

    /** The services' containers of this compose project, each as a finished run. */
    private static Map<String, Run> composeRuns(String project) throws InterruptedException {
        DockerClient client = DockerEngine.client();
        Map<String, Run> runs = new LinkedHashMap<>();
        for (Container container : client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project)).exec()) {
            ContainerState state = client.inspectContainerCmd(container.getId()).exec().getState();
            Map<StreamType, StringBuilder> logs = new HashMap<>();
            logs.put(StreamType.STDOUT, new StringBuilder());
            logs.put(StreamType.STDERR, new StringBuilder());
            client.logContainerCmd(container.getId()).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            StringBuilder log = logs.get(frame.getStreamType());
                            if (log != null) {
                                log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        }
                    }).awaitCompletion(1, TimeUnit.MINUTES);
            Long exitCode = state.getExitCodeLong();
            runs.put(container.getLabels().get("com.docker.compose.service"),
                    new Run(exitCode == null ? -1 : exitCode.intValue(), logs.get(StreamType.STDOUT).toString(),
                            logs.get(StreamType.STDERR).toString()));
        }
        return runs;
    }

    /** Runs compose with the engine Testcontainers uses; its output, stdout and stderr together. */
    private static String composeRun(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DB_PASSWORD", postgres.password());
        builder.environment().put("DOCKER_HOST", DockerEngine.host());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "compose did not finish: " + output);
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }

    /** The image compose.yaml names must be the test's own, never one of the engine's that it would replace. */
    private static void refuseToReplace(String image) {
        try {
            Map<String, String> labels = DockerEngine.client().inspectImageCmd(image).exec().getConfig().getLabels();
            if (labels == null || !labels.containsKey(DockerEngine.LABEL)) {
                abort("the engine has an image " + image + " that is not the tests': compose.yaml names it, and"
                        + " the test leaves it alone");
            }
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            // Free to build.
        }
    }

    /** my-api:1.4 and my-worker:2.0: ContainerApp in the JRE image, started with java -jar, IPv6 first. */
    private static void buildContainerApp(String image, Path appJar) {
        Path lib = appJar.resolveSibling("lib");
        String dockerfile = String.join("\n",
                "FROM " + DockerImages.jre(COMPOSE_JDK),
                "LABEL " + DockerEngine.LABEL + "=compose-app",
                "COPY app.jar /app/app.jar",
                "COPY lib/ /app/lib/",
                "CMD [\"java\", \"-Djava.net.preferIPv6Addresses=true\", \"-jar\", \"/app/app.jar\"]", "");
        ImageFromDockerfile build = new ImageFromDockerfile(image, false)
                .withFileFromString("Dockerfile", dockerfile)
                .withFileFromPath("app.jar", appJar);
        try (var jars = Files.list(lib)) {
            jars.forEach(jar -> build.withFileFromPath("lib/" + jar.getFileName(), jar));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        build.get();
    }

    /** A compose app image on its own, as compose's services run it, less dnspatch. */
    private static Run runContainerApp(String image) {
        try (GenericContainer<?> container = new GenericContainer<>(image)) {
            container.withNetwork(network)
                    .withLabel(DockerEngine.LABEL, "app")
                    .withExtraHost(COMPOSE_HOST, DockerNetwork.UNREACHABLE_IPV6)
                    .withExtraHost(COMPOSE_HOST, postgres.ipv4())
                    .withEnv("DATABASE_URL", "jdbc:postgresql://" + COMPOSE_HOST + ":5432/postgres")
                    .withEnv("DB_USER", postgres.user())
                    .withEnv("DB_PASSWORD", postgres.password())
                    .withStartupCheckStrategy(new RunToExit().withTimeout(APP_TIMEOUT));
            return finish(container);
        }
    }

    private static void assertComposeServiceConnected(Run run, String toolOptions, String output) {
        assertEquals(0, run.exitCode, run + "\n--- compose\n" + output);
        assertTrue(run.firstLine().startsWith("ok server " + postgres.ipv4() + ", ssl false"), run.toString());
        List<String> stderr = run.stderr.lines().collect(Collectors.toList());
        assertTrue(stderr.stream().anyMatch(l -> l.startsWith("Picked up JAVA_TOOL_OPTIONS: " + toolOptions)),
                run.toString());
        assertTrue(stderr.stream().anyMatch(l -> l.startsWith("[dnspatch] " + COMPOSE_HOST + ": using "
                + postgres.ipv4())), run.toString());
        assertFalse(run.toString().contains(postgres.password()), "the password was printed");
    }

    /** The plain JDBC app: pgjdbc connects to the first address of the name only. */
    private static App jdbc() {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(testClass(JdbcApp.class), "/app/classes/" + classFile(JdbcApp.class));
        files.put(Paths.get(System.getProperty("dnspatch.test.pgjdbc")), "/app/lib/postgresql.jar");
        return new App("jdbc", false, files, List.of("java", "-Djava.net.preferIPv6Addresses=true",
                "-cp", "/app/classes:/app/lib/postgresql.jar", JdbcApp.class.getName(),
                "jdbc:postgresql://" + HOST + ":" + DockerPostgres.PORT + "/" + postgres.database()));
    }

    /** Vert.x 4.5's PostgreSQL client on Netty 4.1, the one that runs on every JDK from 8. */
    private static App vertx(int jdk) {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(testClass(VertxPgApp.class), "/app/classes/" + classFile(VertxPgApp.class));
        Path chain = testClasses().resolve("dev/dnspatch/it/apps/Chain.class");
        files.put(chain, "/app/classes/dev/dnspatch/it/apps/Chain.class");
        for (Path jar : AppJars.sets("vertx4", "netty41")) {
            files.put(jar, "/app/lib/" + jar.getFileName());
        }
        List<String> command = new ArrayList<>(List.of("java", "-Djava.net.preferIPv6Addresses=true"));
        if (jdk >= 24) {
            // Netty's own warning about sun.misc.Unsafe, with or without the agent.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", "/app/classes:/app/lib/*", VertxPgApp.class.getName(), HOST,
                String.valueOf(DockerPostgres.PORT)));
        return new App("vertx", true, files, command);
    }

    private static void assertFailsWithoutTheAgent(App app, int jdk) {
        String jreImage = DockerImages.jre(jdk);
        Run without = WITHOUT.computeIfAbsent(app.name + " " + jdk, key -> {
            Run run = run(app, jreImage, false);
            System.out.println("[docker] JDK " + jdk + ", " + app.name + ", without the agent: " + run.firstLine());
            return run;
        });
        assertFailed(without);
    }

    private static void assertFailed(Run without) {
        assertEquals(1, without.exitCode, without.toString());
        assertTrue(without.firstLine().startsWith("failed "), without.toString());
        assertTrue(without.firstLine().contains("Network is unreachable"), without.toString());
        assertFalse(without.stderr.contains("[dnspatch]"), without.toString());
        assertFalse(without.toString().contains(postgres.password()), "the password was printed");
    }

    private static void assertConnected(Run with, int jdk, String toolOptions, String host, boolean netty) {
        assertEquals(0, with.exitCode, with.toString());
        assertTrue(with.firstLine().startsWith("ok SELECT 1 = 1, server " + postgres.ipv4()), with.toString());
        List<String> stderr = with.stderr.lines().collect(Collectors.toList());
        assertTrue(stderr.stream().anyMatch(l -> l.startsWith("Picked up JAVA_TOOL_OPTIONS: " + toolOptions)),
                with.toString());
        Pattern banner = Pattern.compile("\\[dnspatch] dnspatch \\S+ on JDK " + (jdk == 8 ? "1\\.8" : jdk)
                + "[.+_-]\\S*: " + (jdk >= 18 ? "engine=spi" : "engine=instrument") + ", .*"
                + (netty ? ", netty=on" : ""));
        assertTrue(stderr.stream().anyMatch(l -> banner.matcher(l).matches()), with.toString());
        assertTrue(stderr.stream().anyMatch(l -> l.startsWith("[dnspatch] " + host + ": using " + postgres.ipv4())),
                with.toString());
        assertFalse(with.toString().contains(postgres.password()), "the password was printed");
    }

    private static void report(String way, int jdk, Run with) {
        System.out.println("[docker] JDK " + jdk + ", " + way + ", with the agent: " + with.firstLine() + " "
                + with.stderr.lines().filter(l -> l.startsWith("[dnspatch] ")).collect(Collectors.toList()));
    }

    /**
     * Runs the app in this image on the test network until it exits; with {@code jarAndEnvironment},
     * the jar copied in and the agent switched on by JAVA_TOOL_OPTIONS and DNSPATCH_HOSTS alone.
     */
    private static Run run(App app, String image, boolean jarAndEnvironment) {
        try (GenericContainer<?> container = new GenericContainer<>(image)) {
            container.withNetwork(network)
                    .withLabel(DockerEngine.LABEL, "app")
                    .withEnv("DB_USER", postgres.user())
                    .withEnv("DB_PASSWORD", postgres.password())
                    .withCommand(app.command.toArray(new String[0]))
                    .withStartupCheckStrategy(new RunToExit().withTimeout(APP_TIMEOUT));
            if (app.fromDns) {
                dns.use(container);
            } else {
                container.withExtraHost(HOST, DockerNetwork.UNREACHABLE_IPV6).withExtraHost(HOST, postgres.ipv4());
            }
            app.files.forEach((file, target) -> container.withCopyFileToContainer(MountableFile.forHostPath(file), target));
            if (jarAndEnvironment) {
                container.withCopyFileToContainer(MountableFile.forHostPath(ForkedJvm.agentJar()), AGENT_IN_IMAGE)
                        .withEnv("JAVA_TOOL_OPTIONS", "-javaagent:" + AGENT_IN_IMAGE)
                        .withEnv("DNSPATCH_HOSTS", "*.example.test");
            }
            return finish(container);
        }
    }

    private static Run finish(GenericContainer<?> container) {
        container.start();
        Long exitCode = container.getCurrentContainerInfo().getState().getExitCodeLong();
        return new Run(exitCode == null ? -1 : exitCode.intValue(), container.getLogs(OutputType.STDOUT),
                container.getLogs(OutputType.STDERR));
    }

    /** Builds the app image, runs what it is given, and removes the image again. */
    private static Run withAppImage(ImageFromDockerfile build, java.util.function.Function<String, Run> use) {
        String image = build.getDockerImageName();
        try {
            build.get();
            return use.apply(image);
        } finally {
            DockerEngine.removeImage(image);
        }
    }

    private static String appImageName() {
        return DockerEngine.APP_IMAGES + "-" + UUID.randomUUID().toString().substring(0, 8) + ":latest";
    }

    private static synchronized void loadReleaseImage() throws IOException {
        if (!releaseImageLoaded) {
            try (InputStream tarball = Files.newInputStream(ReleaseFiles.path("dnspatch-agent-image.tar"))) {
                DockerEngine.client().loadImageCmd(tarball).exec();
            }
            releaseImageLoaded = true;
        }
    }

    private static Path testClasses() {
        return Paths.get(System.getProperty("dnspatch.test.classes", "target/test-classes"));
    }

    private static String classFile(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    private static Path testClass(Class<?> type) {
        Path file = testClasses().resolve(classFile(type));
        assertTrue(Files.isRegularFile(file), "not compiled: " + file);
        return file;
    }

    private static Path example(String name) {
        Path file = Paths.get(System.getProperty("dnspatch.examples", "../examples"), "docker", name)
                .toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(file), "missing: " + file);
        return file;
    }

    /**
     * An app as the tests put it in a container: its files (host path to container path) and its
     * command; the database name from DNS, or else from the container's /etc/hosts.
     */
    private record App(String name, boolean fromDns, Map<Path, String> files, List<String> command) {
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
