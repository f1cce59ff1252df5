package dev.dnspatch;

import dev.dnspatch.engine.ProviderSwitch;
import dev.dnspatch.log.Log;
import java.lang.instrument.Instrumentation;

/** The {@code -javaagent} entry point. */
public final class Agent {
    /** Kept for work that waits for the first lookup (see {@code StatusBoard}); a field write costs premain nothing. */
    private static volatile Instrumentation instrumentation;

    private Agent() {
    }

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        Agent.instrumentation = instrumentation;
        if (nothingConfigured(agentArgs)) {
            // The common case under JAVA_TOOL_OPTIONS, in every JVM that is not the app: one line,
            // and no more of dnspatch is loaded (each class costs such a JVM about 0.3 ms).
            ProviderSwitch.agentStarted();
            System.err.println(Log.WARNING + Banner.NO_HOSTS);
            return;
        }
        Startup.run(agentArgs, instrumentation, true);
    }

    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        Agent.instrumentation = instrumentation;
        Startup.run(agentArgs, instrumentation, false);
    }

    /**
     * No agent arguments, no {@code dnspatch.*} property, no {@code DNSPATCH_*} variable. False
     * where that cannot be told simply (a {@code SecurityManager}, anything thrown): then
     * {@link Startup} reads the settings with all its care.
     */
    private static boolean nothingConfigured(String agentArgs) {
        if (agentArgs != null && !agentArgs.trim().isEmpty() || System.getSecurityManager() != null) {
            return false;
        }
        try {
            for (Object name : System.getProperties().keySet()) {
                if (String.valueOf(name).startsWith("dnspatch.")) {
                    return false;
                }
            }
            for (String name : System.getenv().keySet()) {
                if (name.startsWith("DNSPATCH_")) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** The agent's Instrumentation, or null where the jar was not loaded as an agent. */
    public static Instrumentation instrumentation() {
        return instrumentation;
    }
}
