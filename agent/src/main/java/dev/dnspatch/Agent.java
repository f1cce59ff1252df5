package dev.dnspatch;

import java.lang.instrument.Instrumentation;

/** The {@code -javaagent} entry point. */
public final class Agent {
    /** Kept for work that waits for the first lookup (see {@code StatusBoard}); a field write costs premain nothing. */
    private static volatile Instrumentation instrumentation;

    private Agent() {
    }

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        Agent.instrumentation = instrumentation;
        Startup.run(agentArgs, instrumentation, true);
    }

    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        Agent.instrumentation = instrumentation;
        Startup.run(agentArgs, instrumentation, false);
    }

    /** The agent's Instrumentation, or null where the jar was not loaded as an agent. */
    public static Instrumentation instrumentation() {
        return instrumentation;
    }
}
