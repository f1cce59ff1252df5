package dev.dnspatch.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An unmodified plain JDBC app: {@code DriverManager.getConnection(url, user, password)} with
 * pgjdbc, then {@code SELECT 1}, and a row written to a real table and read back. The URL comes
 * from the command line; the user and password from {@code DB_USER} and {@code DB_PASSWORD}, as
 * in a container, so the password is never on a command line. It is never printed either.
 *
 * <p>Prints {@code ok SELECT 1 = 1, server ADDRESS, row ID read back} (and {@code , over TLSv1.3},
 * the protocol the server saw, on a TLS connection) or {@code failed EXCEPTION;
 * caused by CAUSE; ...} (the whole chain on one line), then {@code took N ms}. Exits 0 or 1.
 */
public final class JdbcApp {
    private JdbcApp() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String password = System.getenv("DB_PASSWORD");
        long start = System.nanoTime();
        String result;
        try (Connection connection = DriverManager.getConnection(url, System.getenv("DB_USER"), password)) {
            result = "ok " + work(connection);
        } catch (Exception e) {
            result = "failed " + chain(e);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        if (password != null && !password.isEmpty()) {
            result = result.replace(password, "***");
        }
        System.out.println(result);
        System.out.println("took " + took + " ms");
        System.exit(result.startsWith("ok ") ? 0 : 1);
    }

    private static String work(Connection connection) throws SQLException {
        String server;
        int one;
        String tls;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1, host(inet_server_addr()), (SELECT version FROM"
                        + " pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl)")) {
            rs.next();
            one = rs.getInt(1);
            server = rs.getString(2);
            tls = rs.getString(3);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS dnspatch_check (id serial PRIMARY KEY, note text NOT NULL)");
        }
        String note = "written by JdbcApp " + UUID.randomUUID();
        int id;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO dnspatch_check (note) VALUES (?) RETURNING id")) {
            insert.setString(1, note);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT note FROM dnspatch_check WHERE id = ?")) {
            select.setInt(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next() || !note.equals(rs.getString(1))) {
                    throw new SQLException("row " + id + " did not read back as written");
                }
            }
        }
        return "SELECT 1 = " + one + ", server " + server + ", row " + id + " read back"
                + (tls == null ? "" : ", over " + tls);
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
