package dev.dnspatch;

import java.lang.instrument.Instrumentation;

/** The {@code -javaagent} entry point. */
public final class Agent {
    private Agent() {
    }

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        Startup.run(agentArgs, instrumentation, true);
    }

    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        Startup.run(agentArgs, instrumentation, false);
    }
}
