package dev.dnspatch.it.apps;

import java.util.UUID;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * An unmodified app with Redisson, which resolves names with Netty's DNS resolver (its default
 * address resolver group): it writes a key and reads it back, with the connect timeout given in
 * milliseconds.
 *
 * <p>Prints {@code ok SET/GET read back, server ADDRESS} (the address of the server Redisson
 * connected to, as Redisson reports it) or {@code failed EXCEPTION; caused by ...}, then
 * {@code took N ms}, as {@link LettuceApp} does. Exits 0 or 1.
 */
public final class RedissonApp {
    private RedissonApp() {
    }

    public static void main(String[] args) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + args[0] + ":" + args[1])
                .setConnectTimeout(Integer.parseInt(args[2]));
        long start = System.nanoTime();
        String result;
        RedissonClient redisson = null;
        try {
            redisson = Redisson.create(config);
            RBucket<String> bucket = redisson.getBucket("dnspatch", StringCodec.INSTANCE);
            String value = UUID.randomUUID().toString();
            bucket.set(value);
            if (!value.equals(bucket.get())) {
                throw new IllegalStateException("the key did not read back as written");
            }
            result = "ok SET/GET read back, server "
                    + redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().getAddr().getAddress().getHostAddress();
        } catch (RuntimeException e) {
            result = "failed " + Chain.of(e, null);
        } finally {
            if (redisson != null) {
                redisson.shutdown();
            }
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println(result);
        System.out.println("took " + took + " ms");
        System.exit(result.startsWith("ok ") ? 0 : 1);
    }
}
