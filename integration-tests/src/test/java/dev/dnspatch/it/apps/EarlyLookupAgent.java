package dev.dnspatch.it.apps;

import java.lang.instrument.Instrumentation;
import java.net.InetAddress;

/**
 * Another agent, listed before dnspatch, that resolves a name in its own premain, as APM and
 * secret-fetching agents do. On JDK 18+ that fixes the JVM's resolver before dnspatch's
 * provider is on the class path.
 */
public final class EarlyLookupAgent {
    private EarlyLookupAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) throws Exception {
        InetAddress.getAllByName(args == null ? "localhost" : args);
    }
}
