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
 * <p>The instrumentation engine defines the bridge at start-up. The resolver provider engine
 * needs none for the JDK, so there it is defined here, when the first Netty resolver class is
 * seen: apps without Netty never pay for it.
 */
public final class NettyBridge {
    public static final String OWNER = InetAddressPatcher.BRIDGE;
    public static final String RESOLVE_ALL = BridgeClass.NETTY_RESOLVE_ALL;
    public static final String RESOLVE_FIRST = BridgeClass.NETTY_RESOLVE_FIRST;
    public static final String RESOLVE_DESCRIPTOR = BridgeClass.NETTY_RESOLVE_DESCRIPTOR;
    public static final String RECORD_TYPES = BridgeClass.NETTY_RECORD_TYPES;
    public static final String RECORD_TYPES_DESCRIPTOR = BridgeClass.NETTY_RECORD_TYPES_DESCRIPTOR;
    public static final String COMPLETE_EARLY = BridgeClass.NETTY_COMPLETE_EARLY;
    public static final String COMPLETE_EARLY_DESCRIPTOR = BridgeClass.NETTY_COMPLETE_EARLY_DESCRIPTOR;
    public static final String DONE = BridgeClass.NETTY_DONE;
    public static final String DONE_DESCRIPTOR = BridgeClass.NETTY_DONE_DESCRIPTOR;

    private NettyBridge() {
    }

    /**
     * Defines the bridge where this JVM has none yet, and sets the hooks for {@link #RESOLVE_ALL},
     * {@link #RESOLVE_FIRST}, {@link #RECORD_TYPES} with {@link #COMPLETE_EARLY} (one hook for
     * what a lookup's context keeps), and {@link #DONE}. Throws
     * when the bridge cannot be had, or when one defined earlier in this JVM (by another copy of
     * dnspatch, or an older one) lacks Netty's methods: code that called them would fail inside
     * Netty's event loop.
     */
    public static void install(Instrumentation instrumentation, BiFunction<?, ?, ?> all, BiFunction<?, ?, ?> first,
            BiFunction<?, ?, ?> context, Consumer<Object> done) throws Exception {
        Class<?> bridge = BridgeClass.define(instrumentation);
        bridge.getMethod(RESOLVE_ALL, Object.class, String.class, Object.class, Object.class);
        bridge.getMethod(RESOLVE_FIRST, Object.class, String.class, Object.class, Object.class);
        bridge.getMethod(RECORD_TYPES, Object[].class, Object.class);
        bridge.getMethod(COMPLETE_EARLY, boolean.class, Object.class);
        bridge.getMethod(DONE, Object.class);
        BiFunction<?, ?, ?>[] hooks = {all, first, context};
        for (int i = 0; i < hooks.length; i++) {
            BridgeClass.setNettyHook(bridge, BridgeClass.NETTY_FIELDS[i], hooks[i]);
        }
        BridgeClass.setNettyHook(bridge, BridgeClass.NETTY_DONE_FIELD, done);
    }
}
