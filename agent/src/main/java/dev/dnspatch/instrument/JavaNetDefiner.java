package dev.dnspatch.instrument;

import java.lang.instrument.Instrumentation;

/**
 * Defines a class inside {@code java.net}, after opening that package to the agent.
 *
 * <p>The JDK 9 module calls this needs cannot be named in Java 8 bytecode. From Java 8 code they
 * go through reflection, and on JDK 18 and later reflection spins method-handle classes for
 * every new signature: measured in premain on JDK 25, about 40-150 ms through reflection against
 * 8-16 ms with direct calls. So on JDK 18+ a class compiled for that release, beside the
 * resolver provider, registers a direct implementation here; older JDKs keep reflection, which
 * is cheap there.
 */
public interface JavaNetDefiner {
    Class<?> define(Instrumentation instrumentation, Class<?> inetAddress, byte[] bytes) throws Exception;
}
