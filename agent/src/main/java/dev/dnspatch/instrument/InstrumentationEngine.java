package dev.dnspatch.instrument;

import dev.dnspatch.engine.Engine;
import dev.dnspatch.log.Log;
import dev.dnspatch.policy.AddressPolicy;
import java.lang.instrument.Instrumentation;
import java.util.function.BiFunction;

/**
 * The engine for JDK 8 to 17, and for JDK 18+ where the resolver SPI cannot take effect:
 * define the bridge, retransform {@code InetAddress} so that its lookups call it, then hand the
 * bridge the policy. An attach installs again (the patch is then made anew, or found in place)
 * with its own policy, or switches the hook off.
 */
public final class InstrumentationEngine implements Engine {
    @Override
    public String name() {
        return "instrument";
    }

    @Override
    public String whyNot(Instrumentation instrumentation) {
        if (instrumentation == null) {
            return "no Instrumentation (the jar was not loaded as an agent)";
        }
        return instrumentation.isRetransformClassesSupported() ? null
                : "this JVM cannot retransform classes";
    }

    /**
     * Switches the patch off where one is in place: the bridge then hands every answer back as the
     * JDK's resolver gave it. The two instructions patched into {@code InetAddress} stay.
     */
    public static void uninstall() throws Exception {
        Class<?> bridge = BridgeClass.defined();
        if (bridge != null) {
            BridgeClass.setHook(bridge, BridgeClass.HOOK, BiFunction.class, null);
        }
    }

    @Override
    public void install(AddressPolicy policy, Instrumentation instrumentation) throws Exception {
        // Loaded, not initialized: InetAddress's initializer belongs to the application's first lookup.
        Class<?> inetAddress = Class.forName("java.net.InetAddress", false, null);
        // The bridge must exist before the patched code can run: a failed link to it would stick.
        Class<?> bridge = BridgeClass.define(instrumentation);
        InetAddressPatcher patcher = new InetAddressPatcher(inetAddress);
        // Registered for this one call only: a live transformer would slow every later class load.
        instrumentation.addTransformer(patcher, true);
        try {
            instrumentation.retransformClasses(inetAddress);
        } finally {
            instrumentation.removeTransformer(patcher);
        }
        patcher.check();
        BridgeClass.setHook(bridge, BridgeClass.HOOK, BiFunction.class, new PolicyHook(policy));
        if (Log.isDebugEnabled()) {
            Log.debug("patched java.net.InetAddress." + patcher.patched());
        }
    }
}
