package dev.dnspatch.engine;

import dev.dnspatch.policy.AddressPolicy;

/**
 * Tells the resolver provider what to do when the JDK creates it, which happens on the first
 * lookup, long after premain. The provider is found through {@code META-INF/services} whether
 * or not premain chose it, so it must know when to stand aside.
 */
public final class ProviderSwitch {
    private static volatile boolean agentStarted;
    private static volatile AddressPolicy policy;

    private ProviderSwitch() {
    }

    /** The agent (or the command line) runs: the provider follows its decision, off by default. */
    public static void agentStarted() {
        agentStarted = true;
    }

    public static void enable(AddressPolicy chosen) {
        policy = chosen;
    }

    public static boolean isAgentStarted() {
        return agentStarted;
    }

    public static AddressPolicy policy() {
        return policy;
    }
}
