package dev.dnspatch.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An unmodified app as it runs in a container: started with {@code java -jar app.jar} and nothing
 * else on the command line, configured only by its environment ({@code DATABASE_URL},
 * {@code DB_USER}, {@code DB_PASSWORD}); any JVM option, the agent included, comes from
 * {@code JAVA_TOOL_OPTIONS}, as a Dockerfile's {@code ENV} line sets it.
 *
 * <p>Prints {@code ok server ADDRESS, ssl true|false PROTOCOL} (from {@code pg_stat_ssl}, as the
 * server saw this connection) or {@code failed EXCEPTION; caused by CAUSE; ...}. Exits 0 or 1.
 * Never prints the password or the URL.
 */
public final class ContainerApp {
    private ContainerApp() {
    }

    public static void main(String[] args) {
        String password = System.getenv("DB_PASSWORD");
        String result;
        try (Connection connection = DriverManager.getConnection(System.getenv("DATABASE_URL"),
                System.getenv("DB_USER"), password);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT host(inet_server_addr()), ssl, version"
                        + " FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            result = "ok server " + rs.getString(1) + ", ssl " + rs.getBoolean(2) + " " + rs.getString(3);
        } catch (Exception e) {
            result = "failed " + chain(e);
        }
        if (password != null && !password.isEmpty()) {
            result = result.replace(password, "***");
        }
        System.out.println(result);
        System.exit(result.startsWith("ok ") ? 0 : 1);
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
