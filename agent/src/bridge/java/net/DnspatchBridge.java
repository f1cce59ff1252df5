package java.net;

import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The one class dnspatch adds to the JDK, defined in {@code java.net} by the boot loader, so that
 * the code patched into {@code InetAddress}, and into Netty's resolver in any class loader, can
 * reach the agent: every class loader sees the boot loader's classes, and none sees the agent's.
 * So it names JDK types only, and holds the agent's hooks as {@code BiFunction} and
 * {@code Consumer}; each method hands back what it was given where its hook is not set.
 *
 * <p>Compiled for Java 8 on its own and carried in the agent's jar as data
 * ({@code dev/dnspatch/instrument/DnspatchBridge.bin}), never as a class of the jar: the agent
 * defines it (see {@code dev.dnspatch.instrument.BridgeClass}). The names and descriptors the
 * patched code calls are {@code InetAddressPatcher}'s and {@code NettyBridge}'s;
 * {@code BridgeClassTest} holds them to this class.
 */
public final class DnspatchBridge {
    /** {@code (host, answer) -> answer}: the policy, for the JDK's lookups. */
    public static volatile BiFunction<Object, Object, Object> hook;
    public static volatile BiFunction<Object, Object, Object> nettyAll;
    public static volatile BiFunction<Object, Object, Object> nettyFirst;
    public static volatile BiFunction<Object, Object, Object> nettyContext;
    public static volatile BiFunction<Object, Object, Object> nettyQuestion;
    public static volatile Consumer<Object> nettyDone;

    private DnspatchBridge() {
    }

    /** Before each return of {@code InetAddress}'s lookup in the name service. */
    public static InetAddress[] filter(InetAddress[] answer, String host) {
        BiFunction<Object, Object, Object> h = hook;
        return h == null ? answer : (InetAddress[]) h.apply(host, answer);
    }

    /** Netty's {@code DnsNameResolver.doResolveAll}: the promise Netty completes instead of the caller's. */
    public static Object nettyResolveAll(Object promise, String host, Object resolver, Object executor) {
        BiFunction<Object, Object, Object> h = nettyAll;
        return h == null ? promise : h.apply(host, new Object[] {promise, resolver, executor});
    }

    /** {@code DnsNameResolver.doResolve}: null, or a promise for the whole answer whose first address completes it. */
    public static Object nettyResolveFirst(Object promise, String host, Object resolver, Object executor) {
        BiFunction<Object, Object, Object> h = nettyFirst;
        return h == null ? null : h.apply(host, new Object[] {promise, resolver, executor});
    }

    /**
     * At the end of {@code doResolveAll} (and of {@code doResolve}'s detour): an answer Netty had at
     * once goes to the caller at once, on this thread, not after a trip through the event loop.
     */
    public static void nettyDone(Object promise) {
        Consumer<Object> h = nettyDone;
        if (h != null) {
            h.accept(promise);
        }
    }

    /** {@code DnsAddressResolveContext}'s constructor: the record types to ask DNS for, */
    public static Object[] nettyRecordTypes(Object[] types, Object promise) {
        BiFunction<Object, Object, Object> h = nettyContext;
        return h == null ? types : (Object[]) h.apply(types, promise);
    }

    /** and whether to finish with the preferred family's addresses, before the others arrive. */
    public static boolean nettyCompleteEarly(boolean completeEarly, Object promise) {
        BiFunction<Object, Object, Object> h = nettyContext;
        return h == null ? completeEarly : ((Boolean) h.apply(Boolean.valueOf(completeEarly), promise)).booleanValue();
    }

    /**
     * A client's own question for records ({@code resolveAll(DnsQuestion...)}'s funnel): the
     * promise Netty completes, null where the question is answered without a query.
     */
    public static Object nettyRecords(Object promise, Object question, Object resolver, Object executor) {
        return question("nettyRecords", promise, question, resolver, executor);
    }

    /** The same for {@code query} with a promise. */
    public static Object nettyQuery(Object promise, Object question, Object resolver, Object executor) {
        return question("nettyQuery", promise, question, resolver, executor);
    }

    /** The same for {@code query} without one. */
    public static Object nettyQueried(Object promise, Object question, Object resolver, Object executor) {
        return question("nettyQueried", promise, question, resolver, executor);
    }

    /** At each return of those methods: the future the caller gets. */
    public static Object nettyAnswered(Object future) {
        BiFunction<Object, Object, Object> h = nettyQuestion;
        return h == null ? future : h.apply("nettyAnswered", new Object[] {future});
    }

    private static Object question(String method, Object promise, Object question, Object resolver, Object executor) {
        BiFunction<Object, Object, Object> h = nettyQuestion;
        return h == null ? promise : h.apply(method, new Object[] {promise, question, resolver, executor});
    }
}
