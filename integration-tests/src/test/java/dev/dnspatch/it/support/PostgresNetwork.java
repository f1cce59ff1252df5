package dev.dnspatch.it.support;

import java.nio.file.Path;

/**
 * What the PostgreSQL scenarios share, made once per test class from its {@code @BeforeAll}: a
 * namespace with only loopback and no host lines (every name comes from the DNS server),
 * PostgreSQL's binaries unpacked with a template cluster, and an empty DNS zone. Where user
 * namespaces or the binaries are not available, the class is skipped with the reason printed.
 */
public final class PostgresNetwork {
    public final Namespace namespace;
    public final Postgres postgres;
    public final DnsServer.Zone zone;

    private PostgresNetwork(Namespace namespace, Postgres postgres, DnsServer.Zone zone) {
        this.namespace = namespace;
        this.postgres = postgres;
        this.zone = zone;
    }

    /** {@code listenAddresses} as PostgreSQL's listen_addresses, such as {@code 127.0.0.1,::1}. */
    public static PostgresNetwork prepare(Path dir, String listenAddresses) throws Exception {
        Namespace.assumeAvailable();
        Namespace namespace = Namespace.withHosts(dir);
        long start = System.nanoTime();
        Postgres postgres = Postgres.prepare(dir).config("listen_addresses", listenAddresses);
        System.out.println("[postgres] binaries unpacked and template cluster made in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return new PostgresNetwork(namespace, postgres, DnsServer.Zone.at(dir.resolve("zone")));
    }
}
