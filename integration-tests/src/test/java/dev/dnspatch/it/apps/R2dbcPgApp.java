package dev.dnspatch.it.apps;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * An unmodified app with {@code r2dbc-postgresql} on reactor-netty, which resolves the host with
 * Netty's DNS resolver (reactor-netty's default since 1.0). Same command line, environment and
 * output as {@link VertxPgApp}.
 */
public final class R2dbcPgApp {
    private R2dbcPgApp() {
    }

    public static void main(String[] args) {
        String password = System.getenv("DB_PASSWORD");
        PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(args[0]).port(Integer.parseInt(args[1])).database("postgres")
                .username(System.getenv("DB_USER")).password(password).connectTimeout(Duration.ofSeconds(30)).build());
        long start = System.nanoTime();
        String result;
        try {
            PostgresqlConnection connection = factory.create().block(Duration.ofSeconds(60));
            try {
                result = "ok " + Flux.from(connection.createStatement("SELECT 1, host(inet_server_addr())").execute())
                        .flatMap(rows -> rows.map((row, meta) -> "SELECT 1 = " + row.get(0, Integer.class)
                                + ", server " + row.get(1, String.class)))
                        .blockFirst(Duration.ofSeconds(60));
            } finally {
                connection.close().block(Duration.ofSeconds(60));
            }
        } catch (RuntimeException e) {
            result = "failed " + Chain.of(e, password);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println(result);
        System.out.println("took " + took + " ms");
        System.exit(result.startsWith("ok ") ? 0 : 1);
    }
}
