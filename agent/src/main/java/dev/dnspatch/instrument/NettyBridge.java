package dev.dnspatch.instrument;

import java.lang.instrument.Instrumentation;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The bridge as the code patched into Netty's resolver reaches it. Netty is defined by the app's
 * class loaders, some of which do not delegate {@code dev.dnspatch.*} to the system class loader;
 * every one of them sees the boot loader, so the patched code calls the bridge in
 * {@code java.net}, which holds the hooks as JDK types.
 *
 * <p>The instrumentation engine defines the bridge when it installs, at start-up or at an attach.
 * The resolver provider engine needs none for the JDK, so there it is defined here, when the
 * first Netty resolver class is seen: apps without Netty never pay for it.
 */
public final class NettyBridge {
    public static final String OWNER = InetAddressPatcher.BRIDGE;
    /** The bridge's methods the patched Netty code calls, and their descriptors. */
    public static final String RESOLVE_ALL = "nettyResolveAll";
    public static final String RESOLVE_FIRST = "nettyResolveFirst";
    public static final String RESOLVE_DESCRIPTOR =
            "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;";
    public static final String RECORD_TYPES = "nettyRecordTypes";
    public static final String RECORD_TYPES_DESCRIPTOR = "([Ljava/lang/Object;Ljava/lang/Object;)[Ljava/lang/Object;";
    public static final String COMPLETE_EARLY = "nettyCompleteEarly";
    public static final String COMPLETE_EARLY_DESCRIPTOR = "(ZLjava/lang/Object;)Z";
    /** A method, and the field of the same name that holds its hook. */
    public static final String DONE = "nettyDone";
    public static final String DONE_DESCRIPTOR = "(Ljava/lang/Object;)V";
    /**
     * A client's own questions for records: {@code resolveAll(DnsQuestion...)}'s funnel, the
     * {@code query} overloads with a promise, those without, and at each of their returns. One hook
     * ({@link #QUESTION_FIELD}) serves them all, told which by the method's name.
     */
    public static final String RECORDS = "nettyRecords";
    public static final String QUERY = "nettyQuery";
    public static final String QUERIED = "nettyQueried";
    public static final String QUESTION_DESCRIPTOR =
            "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;";
    public static final String ANSWERED = "nettyAnswered";
    public static final String ANSWERED_DESCRIPTOR = "(Ljava/lang/Object;)Ljava/lang/Object;";
    /** The fields that hold the hooks behind them. */
    static final String ALL_FIELD = "nettyAll";
    static final String FIRST_FIELD = "nettyFirst";
    static final String CONTEXT_FIELD = "nettyContext";
    static final String QUESTION_FIELD = "nettyQuestion";

    private NettyBridge() {
    }

    /**
     * Defines the bridge where this JVM has none yet, and sets the hooks for {@link #RESOLVE_ALL},
     * {@link #RESOLVE_FIRST}, {@link #RECORD_TYPES} with {@link #COMPLETE_EARLY} (one hook for
     * what a lookup's context keeps), {@link #DONE}, and the questions for records (one hook, called
     * with the bridge method's name and its arguments). Throws
     * when the bridge cannot be had, or when one defined earlier in this JVM (by another copy of
     * dnspatch, or an older one) lacks Netty's methods: code that called them would fail inside
     * Netty's event loop.
     */
    public static void install(Instrumentation instrumentation, BiFunction<?, ?, ?> all, BiFunction<?, ?, ?> first,
            BiFunction<?, ?, ?> context, Consumer<Object> done, BiFunction<?, ?, ?> question) throws Exception {
        Class<?> bridge = BridgeClass.define(instrumentation);
        // A bridge an older dnspatch defined earlier in this JVM lacks Netty's members, or the
        // newest of them: code that called them would fail inside Netty.
        bridge.getMethod(ANSWERED, Object.class);
        BridgeClass.setHook(bridge, ALL_FIELD, BiFunction.class, all);
        BridgeClass.setHook(bridge, FIRST_FIELD, BiFunction.class, first);
        BridgeClass.setHook(bridge, CONTEXT_FIELD, BiFunction.class, context);
        BridgeClass.setHook(bridge, DONE, Consumer.class, done);
        BridgeClass.setHook(bridge, QUESTION_FIELD, BiFunction.class, question);
    }
}
