package dev.dnspatch.policy;

import dev.dnspatch.config.HostPatterns;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which hosts already had their line ("using ...", or why nothing is left), so each is
 * reported once. Bounded, so {@code hosts=*} in a JVM that resolves millions of names cannot grow
 * it without end.
 */
final class ChangeLog {
    private static final int MAX_HOSTS = 10_000;

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    boolean firstChange(String host) {
        return reported.size() < MAX_HOSTS && reported.add(HostPatterns.canonical(host));
    }
}
