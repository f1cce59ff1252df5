package dev.dnspatch.it.support;

import com.github.dockerjava.api.model.ContainerNetwork;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A real PostgreSQL in a container on the tests' network, with a fresh random password. Both
 * images take the official image's environment (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB):
 * {@code postgres:17-alpine} through its own entrypoint, the image built from Debian's
 * {@code postgresql-17} through the few lines below, which do what that entrypoint does (initdb
 * with the password, host connections by SCRAM, the database, then the server in the foreground).
 */
public final class DockerPostgres implements AutoCloseable {
    public static final int PORT = 5432;
    private static final String USER = "dnspatch";
    private static final String DATABASE = "dnspatch";

    /** The official image's set-up, for the image built from Debian's package (run as postgres). */
    private static final String DEBIAN_ENTRYPOINT = String.join("\n",
            "set -e",
            "bin=$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)",
            "export PGDATA=/var/lib/postgresql/data",
            "umask 077",
            "printf '%s' \"$POSTGRES_PASSWORD\" > /tmp/password",
            "\"$bin/initdb\" -U \"$POSTGRES_USER\" --pwfile=/tmp/password --auth-local=trust"
                    + " --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 > /dev/null",
            "rm /tmp/password",
            "echo 'host all all all scram-sha-256' >> \"$PGDATA/pg_hba.conf\"",
            "echo \"CREATE DATABASE \\\"$POSTGRES_DB\\\";\" | \"$bin/postgres\" --single -D \"$PGDATA\" postgres > /dev/null",
            // Debian's build puts its socket in /run/postgresql, which only a booted system has.
            "exec \"$bin/postgres\" -c listen_addresses='*' -c unix_socket_directories=/tmp -c fsync=off");

    private final GenericContainer<?> container;
    private final String password;
    private final String ipv4;

    private DockerPostgres(GenericContainer<?> container, String password, String ipv4) {
        this.container = container;
        this.password = password;
        this.ipv4 = ipv4;
    }

    /** Starts PostgreSQL on this network and waits until it accepts connections. */
    @SuppressWarnings("resource")
    public static DockerPostgres start(Network network) {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        // A password that cannot turn up in the output by chance: the check that it is never printed means something.
        String password = HexFormat.of().formatHex(secret);
        GenericContainer<?> container = new GenericContainer<>(DockerImages.postgres())
                .withNetwork(network)
                .withLabel(DockerEngine.LABEL, "postgres")
                .withEnv("POSTGRES_USER", USER)
                .withEnv("POSTGRES_PASSWORD", password)
                .withEnv("POSTGRES_DB", DATABASE);
        if (DockerImages.official()) {
            // The official entrypoint starts a server for its set-up first, then the real one.
            container.waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                    .withStartupTimeout(Duration.ofMinutes(2)));
        } else {
            container.withCreateContainerCmdModifier(cmd -> cmd.withUser("postgres"))
                    .withCommand("sh", "-c", DEBIAN_ENTRYPOINT)
                    .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1)
                            .withStartupTimeout(Duration.ofMinutes(2)));
        }
        container.start();
        String ipv4 = container.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .filter(n -> network.getId().equals(n.getNetworkID())).map(ContainerNetwork::getIpAddress)
                .findFirst().orElseThrow(() -> new AssertionError("PostgreSQL has no address on the test network"));
        return new DockerPostgres(container, password, ipv4);
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public String database() {
        return DATABASE;
    }

    /** Its address on the tests' network. */
    public String ipv4() {
        return ipv4;
    }

    @Override
    public void close() {
        container.stop();
    }
}
