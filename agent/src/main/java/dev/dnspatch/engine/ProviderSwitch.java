package dev.dnspatch.engine;

import dev.dnspatch.policy.AddressPolicy;

/**
 * Tells the resolver provider what to do when the JDK creates it, which happens on the first
 * lookup, long after premain, and at every lookup after that, so that an attach can replace the
 * policy or switch it off. The provider is found through {@code META-INF/services} whether or not
 * premain chose it, so it must know when to stand aside.
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

    /** The policy the resolver provider applies from now on; null passes every answer through. */
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
