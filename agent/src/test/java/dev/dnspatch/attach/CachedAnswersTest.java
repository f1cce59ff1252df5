package dev.dnspatch.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Which cache entries an attach drops, on stand-ins with the shape of {@code InetAddress}'s own
 * fields: the JDK 9+ (and 8u352+) map and expiry set, and the JDK 8 caches before 8u352, which no
 * JDK here has. The real caches of JDK 8u, 11, 17, 21 and 25 are dropped in forked JVMs
 * ({@code AttachTest}).
 */
class CachedAnswersTest {
    private static final Predicate<String> EXAMPLE_TEST = host -> host.endsWith(".example.test");

    /** Like {@code CachedAddresses}: a cached answer, ordered by expiry. */
    private static final class Cached implements Comparable<Cached> {
        private static final AtomicLong SEQ = new AtomicLong();
        final long id = SEQ.incrementAndGet();

        @Override
        public int compareTo(Cached other) {
            return Long.compare(id, other.id);
        }
    }

    /** Like {@code NameServiceAddresses}: a lookup in progress, never in the expiry set. */
    private static final class InFlight {
    }

    /** Like JDK 8's {@code InetAddress$Cache}: a map in a field named {@code cache}. */
    private static final class Jdk8Cache {
        @SuppressWarnings("unused")
        private final Map<String, Object> cache = new LinkedHashMap<>();
    }

    @Test
    void jdk9CacheLosesTheCoveredHostsOnlyAndTheirExpiryEntries() throws Exception {
        Map<String, Object> cache = new ConcurrentHashMap<>();
        Set<Cached> expiry = new ConcurrentSkipListSet<>();
        Cached db = new Cached();
        Cached other = new Cached();
        cache.put("db.example.test", db);
        cache.put("Other.Example.Test", new InFlight());
        cache.put("www.example.org", other);
        expiry.add(db);
        expiry.add(other);

        List<String> dropped = CachedAnswers.drop(fields("cache", cache, "expirySet", expiry),
                host -> host.toLowerCase().endsWith(".example.test"));

        assertEquals(Set.of("db.example.test", "Other.Example.Test"), Set.copyOf(dropped));
        assertEquals(Map.of("www.example.org", other), cache);
        assertEquals(Set.of(other), expiry);
    }

    @Test
    void addressesAreNeverDroppedEvenWhenEveryHostIsCovered() throws Exception {
        Map<String, Object> cache = new ConcurrentHashMap<>();
        cache.put("0.0.0.0", new Cached());
        cache.put("::", new Cached());
        cache.put("db.example.test", new Cached());

        List<String> dropped = CachedAnswers.drop(fields("cache", cache, "expirySet", new ConcurrentSkipListSet<>()),
                host -> true);

        assertEquals(List.of("db.example.test"), dropped);
        assertEquals(Set.of("0.0.0.0", "::"), cache.keySet());
    }

    @Test
    void jdk8CachesBefore8u352LoseTheCoveredHostsFromBothMaps() throws Exception {
        Jdk8Cache positive = new Jdk8Cache();
        Jdk8Cache negative = new Jdk8Cache();
        positive.cache.put("0.0.0.0", "the unknown array");
        positive.cache.put("db.example.test", "entry");
        positive.cache.put("www.example.org", "entry");
        negative.cache.put("db.example.test", "entry");
        negative.cache.put("missing.example.test", "entry");

        List<String> dropped = CachedAnswers.drop(fields("addressCache", positive, "negativeCache", negative),
                EXAMPLE_TEST);

        assertEquals(List.of("db.example.test", "missing.example.test"), dropped);
        assertEquals(Set.of("0.0.0.0", "www.example.org"), positive.cache.keySet());
        assertEquals(Set.of(), negative.cache.keySet());
    }

    @Test
    void anUnknownLayoutIsAnErrorNotASilentSuccess() {
        assertThrows(IllegalStateException.class, () -> CachedAnswers.drop(fields(), EXAMPLE_TEST));
    }

    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
