package dev.dnspatch.it.apps;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;

/**
 * An unmodified app with Lettuce, which resolves names with Netty's DNS resolver when
 * netty-resolver-dns is on the class path (as in most Spring Boot reactive apps). It writes a key,
 * reads it back, and asks the server which address it sees the client on.
 *
 * <p>Prints {@code ok SET/GET read back, server ADDRESS} or {@code failed EXCEPTION; caused by ...},
 * then {@code took N ms}. Exits 0 or 1.
 */
public final class LettuceApp {
    private LettuceApp() {
    }

    public static void main(String[] args) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(args[0]).withPort(Integer.parseInt(args[1]))
                .withTimeout(Duration.ofSeconds(20)).build());
        long start = System.nanoTime();
        String result;
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            try {
                RedisCommands<String, String> redis = connection.sync();
                String value = UUID.randomUUID().toString();
                redis.set("dnspatch", value);
                if (!value.equals(redis.get("dnspatch"))) {
                    throw new IllegalStateException("the key did not read back as written");
                }
                result = "ok SET/GET read back, server " + serverAddress(redis.clientInfo());
            } finally {
                connection.close();
            }
        } catch (RuntimeException e) {
            result = "failed " + Chain.of(e, null);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(10));
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println(result);
        System.out.println("took " + took + " ms");
        System.exit(result.startsWith("ok ") ? 0 : 1);
    }

    /** The server's own address in CLIENT INFO ({@code laddr=127.0.0.1:6379}), without the port. */
    private static String serverAddress(String info) {
        for (String field : info.trim().split(" ")) {
            if (field.startsWith("laddr=")) {
                String address = field.substring("laddr=".length());
                // laddr=127.0.0.1:6379 or laddr=[::1]:6379
                return address.substring(0, address.lastIndexOf(':')).replace("[", "").replace("]", "");
            }
        }
        return "(unknown)";
    }
}
