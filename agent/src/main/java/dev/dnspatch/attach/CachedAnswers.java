package dev.dnspatch.attach;

import dev.dnspatch.javanet.JavaNet;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Drops the JDK's cached answers for the hosts an attach changes, so the next lookup of each is
 * resolved, and patched, at once rather than when the entry expires: 30 s by default, never under a
 * {@code SecurityManager} with JDK 8's default policy. Other hosts' entries are left as they are.
 *
 * <p>The cache lives in private static fields of {@code InetAddress}, in one of two layouts, told
 * apart by the fields the class has (read from the OpenJDK 8u, 11u, 17u, 21u and 25 sources):
 * <ul>
 *   <li>JDK 9 and later, and 8u352 and later (a backport): {@code cache}, a {@code ConcurrentMap}
 *       from the host name as the application gave it to the cached answer (or to the lookup in
 *       progress), and {@code expirySet}, the cached answers ordered by expiry;</li>
 *   <li>JDK 8 before 8u352: {@code addressCache} and {@code negativeCache}, each a
 *       {@code InetAddress$Cache} holding a {@code LinkedHashMap} from the lower-cased host name,
 *       both guarded by the lock of {@code addressCache}.</li>
 * </ul>
 * On JDK 9+ the fields are read through {@link JavaNet}'s private lookup; on JDK 8, which has no
 * modules, by reflection.
 */
public final class CachedAnswers {
    private static final String[] FIELDS = {"cache", "expirySet", "addressCache", "negativeCache"};
    private static final boolean JDK_8 = System.getProperty("java.specification.version").startsWith("1.");

    private CachedAnswers() {
    }

    /** Drops the entries of the hosts {@code covered} accepts; returns their names. */
    public static List<String> drop(Instrumentation instrumentation, Predicate<String> covered) throws Exception {
        Map<String, Object> fields = JDK_8 ? reflect(InetAddress.class, FIELDS)
                : JavaNet.staticValues(instrumentation, InetAddress.class, FIELDS);
        return drop(fields, covered);
    }

    /** The same, given the static fields of {@code InetAddress} by name. */
    static List<String> drop(Map<String, Object> fields, Predicate<String> covered) throws Exception {
        List<String> dropped = new ArrayList<>();
        Object cache = fields.get("cache");
        if (cache instanceof Map) {
            Object expiring = fields.get("expirySet");
            for (Iterator<?> keys = ((Map<?, ?>) cache).keySet().iterator(); keys.hasNext();) {
                Object host = keys.next();
                if (!dropping(host, covered)) {
                    continue;
                }
                Object entry = ((Map<?, ?>) cache).remove(host);
                // As the JDK does when it bypasses its cache: a cached answer also leaves the
                // expiry set (a lookup still in progress was never in it, and is not comparable).
                if (entry instanceof Comparable && expiring instanceof Collection) {
                    ((Collection<?>) expiring).remove(entry);
                }
                if (entry != null) {
                    dropped.add((String) host);
                }
            }
            return dropped;
        }
        Object positive = fields.get("addressCache");
        if (positive == null) {
            throw new IllegalStateException("java.net.InetAddress has no address cache this version of dnspatch knows");
        }
        synchronized (positive) {
            dropFromJdk8Cache(positive, covered, dropped);
            Object negative = fields.get("negativeCache");
            if (negative != null) {
                dropFromJdk8Cache(negative, covered, dropped);
            }
        }
        return dropped;
    }

    private static void dropFromJdk8Cache(Object cache, Predicate<String> covered, List<String> dropped)
            throws Exception {
        Object map = reflect(cache.getClass(), cache, "cache");
        if (!(map instanceof Map)) {
            throw new IllegalStateException("java.net.InetAddress's cache has no map this version of dnspatch knows");
        }
        for (Iterator<?> keys = ((Map<?, ?>) map).keySet().iterator(); keys.hasNext();) {
            Object host = keys.next();
            if (dropping(host, covered)) {
                keys.remove();
                if (!dropped.contains(host)) {
                    dropped.add((String) host);
                }
            }
        }
    }

    /**
     * A host name the patch covers. Never an address: the JDK does not cache literals by name,
     * except its own entry for the "any" address, which JDK 8 compares by identity.
     */
    private static boolean dropping(Object host, Predicate<String> covered) {
        if (!(host instanceof String) || ((String) host).indexOf(':') >= 0) {
            return false;
        }
        String name = (String) host;
        boolean digitsAndDots = !name.isEmpty();
        for (int i = 0; i < name.length() && digitsAndDots; i++) {
            char c = name.charAt(i);
            digitsAndDots = c == '.' || c >= '0' && c <= '9';
        }
        return !digitsAndDots && covered.test(name);
    }

    private static Map<String, Object> reflect(Class<?> type, String... names) throws Exception {
        Map<String, Object> values = new HashMap<>();
        for (String name : names) {
            Object value = reflect(type, null, name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** A field's value by reflection (JDK 8: no modules), or null where there is no such field. */
    private static Object reflect(Class<?> type, Object instance, String name) throws Exception {
        Field field;
        try {
            field = type.getDeclaredField(name);
        } catch (NoSuchFieldException absent) {
            return null;
        }
        field.setAccessible(true);
        return field.get(instance);
    }
}
