package dev.dnspatch.it.apps;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An unmodified Vert.x app with Vert.x's reactive PostgreSQL client, which resolves the host with
 * Netty's DNS resolver as Vert.x configures it by default. It runs on Vert.x 4.5 (Netty 4.1) and
 * 5.0 (Netty 4.2), whose API for this is the same. The host and port come from the command line,
 * the user and password from {@code DB_USER} and {@code DB_PASSWORD}; the password is never printed.
 *
 * <p>Prints {@code ok SELECT 1 = 1, server ADDRESS} (the address the server saw the app connect
 * to) or {@code failed EXCEPTION; caused by CAUSE; ...}, then {@code took N ms}. Exits 0 or 1.
 */
public final class VertxPgApp {
    private VertxPgApp() {
    }

    public static void main(String[] args) throws Exception {
        PgConnectOptions options = new PgConnectOptions().setHost(args[0]).setPort(Integer.parseInt(args[1]))
                .setDatabase("postgres").setUser(System.getenv("DB_USER")).setPassword(System.getenv("DB_PASSWORD"));
        Vertx vertx = Vertx.vertx();
        long start = System.nanoTime();
        String result;
        try {
            PgConnection connection = await(PgConnection.connect(vertx, options));
            try {
                RowSet<Row> rows = await(connection.query("SELECT 1, host(inet_server_addr())").execute());
                Row row = rows.iterator().next();
                result = "ok SELECT 1 = " + row.getInteger(0) + ", server " + row.getString(1);
            } finally {
                await(connection.close());
            }
        } catch (ExecutionException e) {
            result = "failed " + Chain.of(e.getCause(), System.getenv("DB_PASSWORD"));
        } finally {
            await(vertx.close());
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println(result);
        System.out.println("took " + took + " ms");
        System.exit(result.startsWith("ok ") ? 0 : 1);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
