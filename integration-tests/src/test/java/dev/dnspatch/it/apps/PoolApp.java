package dev.dnspatch.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An unmodified app with a HikariCP pool of one connection, logging through its own SLF4J binding.
 * The URL comes from the command line, the user and password from {@code DB_USER} and
 * {@code DB_PASSWORD}; the password is never printed.
 *
 * <p>It reports the server address of each new physical connection as {@code connection N: server
 * ADDRESS}. After the first one it creates {@code SIGNAL_DIR/connected} and waits for
 * {@code SIGNAL_DIR/dns-changed}; then, round by round, it evicts the pool's connections (as an
 * operator, a failover handler or {@code maxLifetime} does) and takes a new one, until the server
 * address differs from the first or {@value #ROUNDS} rounds have passed. Exits 0 when it got its
 * connections, 1 with {@code failed EXCEPTION; caused by ...} when a connection failed, 2 when no
 * signal came.
 */
public final class PoolApp {
    private static final int ROUNDS = 120;
    private static final long ROUND_PAUSE_MILLIS = 250;
    private static final long SIGNAL_WAIT_MILLIS = 60_000;

    private PoolApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path signals = Paths.get(args[1]);
        String password = System.getenv("DB_PASSWORD");
        int code;
        try {
            code = run(url, password, signals);
        } catch (Exception e) {
            String failure = "failed " + chain(e);
            System.out.println(password == null || password.isEmpty() ? failure : failure.replace(password, "***"));
            code = 1;
        }
        System.exit(code);
    }

    private static int run(String url, String password, Path signals) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(System.getenv("DB_USER"));
        config.setPassword(password);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(10_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            List<Connection> seen = new ArrayList<>();
            String first = report(pool, seen);
            Files.createFile(signals.resolve("connected"));
            long deadline = System.nanoTime() + SIGNAL_WAIT_MILLIS * 1_000_000;
            while (!Files.exists(signals.resolve("dns-changed"))) {
                if (System.nanoTime() > deadline) {
                    System.out.println("no dns-changed signal in " + SIGNAL_WAIT_MILLIS + " ms");
                    return 2;
                }
                Thread.sleep(50);
            }
            for (int round = 0; round < ROUNDS; round++) {
                pool.getHikariPoolMXBean().softEvictConnections();
                if (!first.equals(report(pool, seen))) {
                    break;
                }
                Thread.sleep(ROUND_PAUSE_MILLIS);
            }
            return 0;
        }
    }

    /** Takes a connection from the pool; prints its server address when it is a new one. */
    private static String report(HikariDataSource pool, List<Connection> seen) throws SQLException {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT host(inet_server_addr())")) {
            rs.next();
            String server = rs.getString(1);
            // The driver's connection behind the pool's proxy, compared by identity.
            Connection physical = connection.unwrap(Connection.class);
            if (seen.stream().noneMatch(c -> c == physical)) {
                seen.add(physical);
                System.out.println("connection " + seen.size() + ": server " + server);
            }
            return server;
        }
    }

    /** The exception and all its causes, on one line. */
    private static String chain(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 10; t = t.getCause() == t ? null : t.getCause()) {
            parts.add(String.valueOf(t).replaceAll("\\s*\\R\\s*", " "));
        }
        return String.join("; caused by ", parts);
    }
}
