package dev.dnspatch.it.support;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * The tests' {@link DnsServer} in a container on the tests' network, answering for a
 * {@link DnsServer.Zone} on port 53 of its address there. An app container reads it through a
 * {@code resolv.conf} naming it, mounted over its own ({@link #use}): its lookups are real DNS
 * queries that stay on the internal network, as a managed database's name comes from DNS.
 */
public final class DockerDns implements AutoCloseable {
    private final GenericContainer<?> container;
    private final Path resolvConf;

    private DockerDns(GenericContainer<?> container, Path resolvConf) {
        this.container = container;
        this.resolvConf = resolvConf;
    }

    /** Starts the server for this zone, in the JRE image of {@code jdk} (17 or newer, as the test classes). */
    @SuppressWarnings("resource")
    public static DockerDns start(Network network, DnsServer.Zone zone, int jdk, Path dir) throws IOException {
        GenericContainer<?> container = new GenericContainer<>(DockerImages.jre(jdk))
                .withNetwork(network)
                .withLabel(DockerEngine.LABEL, "dns")
                .withCopyFileToContainer(MountableFile.forHostPath(zone.file()), "/dns/zone")
                .withCopyFileToContainer(MountableFile.forHostPath(System.getProperty("dnspatch.test.dnsjava")),
                        "/dns/lib/dnsjava.jar")
                .withCopyFileToContainer(MountableFile.forHostPath(System.getProperty("dnspatch.test.slf4j")),
                        "/dns/lib/slf4j-api.jar")
                .withCommand("java", "-Ddnsserver.address=0.0.0.0", "-Dslf4j.internal.verbosity=ERROR",
                        "-cp", "/dns/classes:/dns/lib/*", DnsServer.class.getName(), "/dns/zone", "/dev/stdout", "53")
                .waitingFor(Wait.forLogMessage("listening on 0\\.0\\.0\\.0:53\\s*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        Path classes = ForkedJvm.testClasses();
        Path packageDir = classes.resolve(DnsServer.class.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(packageDir)) {
            files.filter(f -> f.getFileName().toString().startsWith(DnsServer.class.getSimpleName()))
                    .forEach(f -> container.withCopyFileToContainer(MountableFile.forHostPath(f),
                            "/dns/classes/" + classes.relativize(f)));
        }
        container.start();
        String ipv4 = container.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .filter(n -> network.getId().equals(n.getNetworkID())).map(ContainerNetwork::getIpAddress)
                .findFirst().orElseThrow(() -> new AssertionError("the DNS server has no address on the test network"));
        Path resolvConf = Files.writeString(dir.resolve("resolv.conf"), "nameserver " + ipv4 + "\noptions timeout:1\n");
        return new DockerDns(container, resolvConf);
    }

    /**
     * Mounts the server's resolv.conf over the container's own (Docker's, which names its embedded
     * server). Given to Docker directly: Testcontainers' own bind first checks that binds work by
     * running an alpine image, which an engine without a registry cannot pull.
     */
    public void use(GenericContainer<?> app) {
        app.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(
                new Bind(resolvConf.toString(), new Volume("/etc/resolv.conf"), AccessMode.ro)));
    }

    /** The queries the server answered so far, one line each ("db.example.test. AAAA -> ..."). */
    public List<String> queries() {
        return container.getLogs().lines().filter(l -> l.contains(" -> ")).collect(Collectors.toList());
    }

    @Override
    public void close() {
        container.stop();
    }
}
