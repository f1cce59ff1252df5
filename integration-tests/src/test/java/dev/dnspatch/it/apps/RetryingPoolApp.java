package dev.dnspatch.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A running service's connection pool that keeps trying, as pools do when the database is
 * unreachable at start-up: HikariCP (which starts without a connection, {@code
 * initializationFailTimeout=-1}) with pgjdbc, asked for a connection every 500 ms. The URL comes
 * from the command line, the user and password from {@code DB_USER} and {@code DB_PASSWORD}; the
 * password is never printed.
 *
 * <p>Prints {@code pid: PID}, then {@code failed EXCEPTION; caused by ...} for each failed try,
 * until one succeeds: {@code connected: server ADDRESS}, exit 0. Exit 1 after LIMIT ms without.
 *
 * <p>Usage: {@code RetryingPoolApp URL LIMIT}
 */
public final class RetryingPoolApp {
    private static final long PAUSE_MILLIS = 500;

    private RetryingPoolApp() {
    }

    public static void main(String[] args) throws Exception {
        String password = System.getenv("DB_PASSWORD");
        long end = System.currentTimeMillis() + Long.parseLong(args[1]);
        System.out.println("pid: " + new File("/proc/self").getCanonicalFile().getName());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(System.getenv("DB_USER"));
        config.setPassword(password);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(1000);
        config.setInitializationFailTimeout(-1);
        int code = 1;
        try (HikariDataSource pool = new HikariDataSource(config)) {
            while (System.currentTimeMillis() < end) {
                try (Connection connection = pool.getConnection();
                        Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT host(inet_server_addr())")) {
                    rs.next();
                    System.out.println("connected: server " + rs.getString(1));
                    code = 0;
                    break;
                } catch (Exception e) {
                    String failure = "failed " + chain(e);
                    System.out.println(password == null || password.isEmpty() ? failure
                            : failure.replace(password, "***"));
                }
                Thread.sleep(PAUSE_MILLIS);
            }
        }
        System.exit(code);
    }

    /** The exception and all its causes, on one line. */
    private static String chain(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 10; t = t.getCause() == t ? null : t.getCause()) {
            parts.add(String.valueOf(t).replaceAll("\\s*\\R\\s*", " "));
        }
        StringBuilder line = new StringBuilder();
        for (String part : parts) {
            line.append(line.length() == 0 ? "" : "; caused by ").append(part);
        }
        return line.toString();
    }
}
