package dev.dnspatch.netty;

import dev.dnspatch.log.Log;
import dev.dnspatch.policy.AddressPolicy;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * What the bridge's Netty calls do, for every copy of Netty in the JVM. They run inside
 * Netty, often on its event loop, so they never block, never resolve a name themselves, and never
 * let a failure of their own out: a lookup they cannot handle goes on exactly as Netty would run it.
 *
 * <p>A lookup of a host the policy applies to is given a promise of dnspatch's own to complete
 * (a new one from the resolver's event loop, so Netty works on a real promise of its own kind);
 * a {@link NettyLookup} listening to it (or called at the end of Netty's method, when Netty
 * answered at once) hands Netty's answer, from the hosts file, the cache or DNS, to the policy,
 * and completes the caller's promise with what the policy returns, or with its
 * {@code UnknownHostException}. Other hosts are left alone (at {@code log=debug} they are watched,
 * for the debug line, and passed on unchanged).
 */
final class NettyHooks {
    private static final int IPV4_RECORD = 1;
    private static final int IPV6_RECORD = 28;
    /** Bounded: a Netty that never completed its promises must not make this grow without end. */
    private static final int MAX_TAKEN = 10_000;
    /** The host whose explanation this thread is starting (see {@link NettyLookup#run}). */
    private static final ThreadLocal<String> EXPLAINING = new ThreadLocal<>();

    /**
     * The lookups the hook took, by the promise Netty completes for them, until they finish: their
     * contexts ask for the record types and the waiting they need, and the end of Netty's method
     * hands over what Netty answered at once. Netty's promises keep Object's identity equality.
     */
    private final Map<Object, NettyLookup> taken = new ConcurrentHashMap<>();
    private volatile boolean failedOnce;

    /** {@code nettyResolveAll}: (host, {promise, resolver, executor}) to the promise Netty completes. */
    BiFunction<String, Object[], Object> resolveAll() {
        return new BiFunction<String, Object[], Object>() {
            @Override
            public Object apply(String host, Object[] call) {
                return resolveAll(host, call[0], call[1], call[2]);
            }
        };
    }

    /** {@code nettyResolveFirst}: null to leave the lookup alone, or the promise of the whole answer. */
    BiFunction<String, Object[], Object> resolveFirst() {
        return new BiFunction<String, Object[], Object>() {
            @Override
            public Object apply(String host, Object[] call) {
                return resolveFirst(host, call[0], call[2]);
            }
        };
    }

    /**
     * {@code nettyRecordTypes} and {@code nettyCompleteEarly}: (record types, or whether to finish
     * early, and the lookup's promise) to the value the lookup's context keeps.
     */
    BiFunction<Object, Object, Object> context() {
        return new BiFunction<Object, Object, Object>() {
            @Override
            public Object apply(Object value, Object promise) {
                return value instanceof Boolean ? completeEarly((Boolean) value, promise)
                        : recordTypes((Object[]) value, promise);
            }
        };
    }

    Object resolveAll(String host, Object promise, Object resolver, Object executor) {
        AddressPolicy policy = NettyTransformer.policy();
        if (!watched(policy, host)) {
            return promise;
        }
        Object answer = null;
        try {
            NettyApi api = NettyApi.of(executor);
            answer = api.newPromise(executor);
            NettyLookup lookup = new NettyLookup(this, policy, api, host, promise, NettyLookup.ALL, resolver,
                    executor);
            if (taken.size() < MAX_TAKEN) {
                taken.put(answer, lookup);
            }
            api.addListener(answer, lookup);
            return answer;
        } catch (Throwable e) {
            if (answer != null) {
                taken.remove(answer);
            }
            unpatched(host, e);
            return promise;
        }
    }

    Object resolveFirst(String host, Object promise, Object executor) {
        AddressPolicy policy = NettyTransformer.policy();
        if (!watched(policy, host)) {
            return null;
        }
        Object all = null;
        try {
            NettyApi api = NettyApi.of(executor);
            all = api.newPromise(executor);
            NettyLookup lookup = new NettyLookup(this, policy, api, host, promise, NettyLookup.FIRST, null, executor);
            if (taken.size() < MAX_TAKEN) {
                taken.put(all, lookup);
            }
            api.addListener(all, lookup);
            return all;
        } catch (Throwable e) {
            if (all != null) {
                taken.remove(all);
            }
            unpatched(host, e);
            return null;
        }
    }

    /**
     * Keeps only the wanted family's record type for a lookup that wants one family, so Netty
     * sends no query for the other. Never leaves no type: where the resolver does not ask for the
     * wanted family at all (Netty asks for A records alone where the machine has no IPv6
     * address), it asks what it always asks, and the policy says what is missing.
     */
    Object[] recordTypes(Object[] types, Object promise) {
        if (taken.isEmpty()) {
            return types;
        }
        try {
            NettyLookup lookup = taken.get(promise);
            AddressPolicy policy = lookup == null ? null : lookup.policy();
            int alone = policy == null || !lookup.appliesPolicy() ? AddressPolicy.BOTH : policy.askFor(lookup.host());
            if (alone == AddressPolicy.BOTH) {
                return types;
            }
            int wanted = alone == AddressPolicy.IPV4 ? IPV4_RECORD : IPV6_RECORD;
            Object[] only = Arrays.copyOf(types, types.length);
            int kept = 0;
            for (Object type : types) {
                if (NettyApi.recordType(type) == wanted) {
                    only[kept++] = type;
                }
            }
            if (kept == 0 || kept == types.length) {
                return types;
            }
            lookup.askedOneFamily();
            return Arrays.copyOf(only, kept);
        } catch (Throwable e) {
            unpatched("a name", e);
            return types;
        }
    }

    /**
     * Whether the context may finish with the preferred family's addresses before the others
     * arrive: not for a lookup the hook took whose mode needs both families (the {@code -first}
     * modes order them, {@code auto} probes each). An {@code -only} mode has asked for one anyway.
     */
    Boolean completeEarly(Boolean completeEarly, Object promise) {
        if (!completeEarly || taken.isEmpty()) {
            return completeEarly;
        }
        try {
            NettyLookup lookup = taken.get(promise);
            AddressPolicy policy = lookup == null ? null : lookup.policy();
            return policy != null && lookup.appliesPolicy() && policy.needsBothFamilies(lookup.host()) ? Boolean.FALSE
                    : completeEarly;
        } catch (Throwable e) {
            unpatched("a name", e);
            return completeEarly;
        }
    }

    /**
     * {@code nettyDone}: at the end of Netty's method, a promise Netty already completed (from the
     * hosts file or the cache) is handed to its lookup here, on the caller's thread: Netty would
     * tell the listener only later, on its event loop, and the caller would wait for that trip.
     */
    Consumer<Object> done() {
        return new Consumer<Object>() {
            @Override
            public void accept(Object promise) {
                try {
                    NettyLookup lookup = taken.isEmpty() ? null : taken.get(promise);
                    if (lookup != null && ((Future<?>) promise).isDone()) {
                        lookup.completed(promise);
                    }
                } catch (Throwable e) {
                    unpatched("a name", e);
                }
            }
        };
    }

    void finished(Object answerPromise) {
        taken.remove(answerPromise);
    }

    /**
     * Starts Netty's full lookup of a host whose one-family lookup found nothing, to say what it
     * does have; this thread's own call to the hook lets it through untouched.
     */
    Object explanation(Object resolver, String host) throws Exception {
        EXPLAINING.set(host);
        try {
            return NettyApi.resolveAll(resolver, host);
        } finally {
            EXPLAINING.remove();
        }
    }

    void unpatched(String host, Throwable bug) {
        if (!failedOnce) {
            failedOnce = true;
            Log.error("Netty lookup of " + host + " left unpatched after an internal error (" + bug + ")");
        }
    }

    /**
     * Whether the hook takes this lookup: a name the policy applies to (or any name, for the debug
     * line), never an address literal, which Netty answers without a lookup, and nothing where an
     * attach switched dnspatch off.
     */
    private boolean watched(AddressPolicy policy, String host) {
        return policy != null && host != null && !host.isEmpty() && !isAddressLiteral(host)
                && !host.equals(EXPLAINING.get()) && (policy.applies(host) || Log.isDebugEnabled());
    }

    /** An IPv6 literal (with or without brackets or a zone) has a colon; an IPv4 one only digits and dots. */
    static boolean isAddressLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }
}
