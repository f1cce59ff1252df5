package dev.dnspatch.netty;

import dev.dnspatch.instrument.NettyBridge;
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
    /**
     * The questions for records the hook took, until they finish, by both the promise Netty
     * completes and the caller's: each end of a patched method hands the caller its own back, and
     * a question passed from one patched overload to another is taken once.
     */
    private final Map<Object, NettyQuestion> questions = new ConcurrentHashMap<>();
    /**
     * The last questions that finished, as (the hook's promise, the caller's) pairs: the method that
     * asked may not have returned yet, and must still hand the caller its own. A ring, bounded.
     */
    private final Object[] finished = new Object[2 * 64];
    private int nextFinished;
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
            String host = lookup == null ? null : lookup.host();
            if (policy == null || !lookup.appliesPolicy() || policy.askFor(host) == AddressPolicy.BOTH) {
                return types;
            }
            Object[] only = Arrays.copyOf(types, types.length);
            int kept = 0;
            for (Object type : types) {
                int number = NettyApi.recordType(type);
                if (number != NettyApi.A && number != NettyApi.AAAA || !policy.dropsFamily(host, number == NettyApi.A)) {
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

    void finished(NettyQuestion question) {
        synchronized (finished) {
            finished[nextFinished] = question.mine();
            finished[nextFinished + 1] = question.caller();
            nextFinished = (nextFinished + 2) % finished.length;
        }
        questions.remove(question.mine());
        questions.remove(question.caller());
    }

    /**
     * {@code nettyQuestion}: the bridge's calls for a client's own questions for records, told
     * apart by the bridge method's name (see {@link ResolverPatch}).
     */
    BiFunction<Object, Object[], Object> question() {
        return new BiFunction<Object, Object[], Object>() {
            @Override
            public Object apply(Object method, Object[] call) {
                if (NettyBridge.ANSWERED.equals(method)) {
                    return answered(call[0]);
                }
                if (NettyBridge.QUERIED.equals(method)) {
                    return queried(call[0], call[1], call[2], call[3]);
                }
                return ask(NettyBridge.RECORDS.equals(method), call[0], call[1], call[2], call[3]);
            }
        };
    }

    /**
     * {@code resolveAll(DnsQuestion...)} ({@code records}) or a {@code query} overload with a
     * promise: the promise Netty completes instead of the caller's, the caller's where the hook
     * leaves the question alone, or null where it answered it without a query (a family the
     * host's mode drops; only for {@code resolveAll}, whose answer is a list of records).
     */
    Object ask(boolean records, Object promise, Object question, Object resolver, Object executor) {
        AddressPolicy policy = NettyTransformer.policy();
        if (policy == null || promise == null || questions.containsKey(promise) || questions.size() >= MAX_TAKEN) {
            return promise;
        }
        String host = null;
        Object mine = null;
        try {
            NettyApi api = NettyApi.of(executor);
            int type = api.typeOf(question);
            if (type != NettyApi.A && type != NettyApi.AAAA) {
                return promise;
            }
            host = hostOf(api.nameOf(question));
            if (!watched(policy, host)) {
                return promise;
            }
            boolean ipv4 = type == NettyApi.A;
            if (records && policy.dropsFamily(host, ipv4)) {
                api.tryFailure(promise, policy.questionNotSent(host, ipv4));
                return null;
            }
            mine = api.newPromise(executor);
            NettyQuestion lookup = new NettyQuestion(this, policy, api, host, ipv4,
                    records ? NettyQuestion.RECORDS : NettyQuestion.QUERY, promise, mine, resolver, executor);
            questions.put(mine, lookup);
            questions.put(promise, lookup);
            api.addListener(mine, lookup);
            return mine;
        } catch (Throwable e) {
            if (mine != null) {
                questions.remove(mine);
                questions.remove(promise);
            }
            unpatched(host == null ? "a name" : host, e);
            return promise;
        }
    }

    /**
     * A {@code query} overload without a promise returns the future Netty completes: the caller
     * gets a promise of the hook's instead, completed once the response is filtered, so that no
     * caller waiting on it can read the response before.
     */
    Object queried(Object future, Object question, Object resolver, Object executor) {
        AddressPolicy policy = NettyTransformer.policy();
        if (policy == null || future == null || questions.containsKey(future) || finishedCallerOf(future) != null
                || isFinishedCaller(future) || questions.size() >= MAX_TAKEN) {
            return future;
        }
        String host = null;
        Object caller = null;
        try {
            NettyApi api = NettyApi.of(executor);
            int type = api.typeOf(question);
            if (type != NettyApi.A && type != NettyApi.AAAA) {
                return future;
            }
            host = hostOf(api.nameOf(question));
            if (!watched(policy, host)) {
                return future;
            }
            caller = api.newPromise(executor);
            NettyQuestion lookup = new NettyQuestion(this, policy, api, host, type == NettyApi.A, NettyQuestion.QUERY,
                    caller, future, resolver, executor);
            questions.put(future, lookup);
            questions.put(caller, lookup);
            if (((Future<?>) future).isDone()) {
                lookup.completed(future);
            } else {
                api.addListener(future, lookup);
            }
            return caller;
        } catch (Throwable e) {
            questions.remove(future);
            if (caller != null) {
                questions.remove(caller);
            }
            unpatched(host == null ? "a name" : host, e);
            return future;
        }
    }

    /**
     * At each end of a patched method: the caller's promise for the hook's own, whose answer,
     * where Netty had it at once (the hosts file), goes to the caller now, on this thread. A
     * question may have finished before its method returns (a fast answer, on the event loop):
     * its pair is then among the last ones finished.
     */
    Object answered(Object returned) {
        if (returned == null) {
            return returned;
        }
        try {
            NettyQuestion lookup = questions.get(returned);
            if (lookup == null) {
                Object caller = finishedCallerOf(returned);
                return caller == null ? returned : caller;
            }
            if (lookup.mine() != returned) {
                return returned;
            }
            if (((Future<?>) returned).isDone()) {
                lookup.completed(returned);
            }
            return lookup.caller();
        } catch (Throwable e) {
            unpatched("a name", e);
            return returned;
        }
    }

    /** The caller's promise of a question that finished lately, by the hook's own; null if none. */
    private Object finishedCallerOf(Object mine) {
        synchronized (finished) {
            for (int i = 0; i < finished.length; i += 2) {
                if (finished[i] == mine) {
                    return finished[i + 1];
                }
            }
        }
        return null;
    }

    /** Whether this is the caller's promise of a question that finished lately. */
    private boolean isFinishedCaller(Object promise) {
        synchronized (finished) {
            for (int i = 1; i < finished.length; i += 2) {
                if (finished[i] == promise) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A question's name as the policy reads it: Netty's questions often end with the root's dot. */
    private static String hostOf(String name) {
        return name != null && name.length() > 1 && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
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
