package dev.dnspatch.it.support;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The JDKs every forked-JVM test runs on, and the engine dnspatch takes on each: the
 * instrumentation engine on 8, 11 and 17 (no resolver SPI there), the resolver provider on 21
 * and 25, and the instrumentation engine forced on 21 and 25 as well. One list, so that every
 * test covers the same runtimes; a JDK that is missing skips its cases (see {@link Jdks}).
 */
public final class Runtimes {
    /** The LTS releases, oldest first. */
    public static final int[] JDKS = {8, 11, 17, 21, 25};
    public static final String FORCE_INSTRUMENT = ",engine=instrument";

    private Runtimes() {
    }

    /**
     * (JDK, agent arguments to append for the engine, the {@code engine=} word its banner names):
     * every JDK with the engine dnspatch picks, then 21 and 25 with the instrumentation engine forced.
     */
    public static Stream<Arguments> everyEngine() {
        return Stream.concat(
                IntStream.of(JDKS).mapToObj(jdk -> Arguments.of(jdk, "", jdk >= 18 ? "engine=spi" : "engine=instrument")),
                Stream.of(21, 25).map(jdk -> Arguments.of(jdk, FORCE_INSTRUMENT, "engine=instrument")));
    }

    /** (JDK, agent arguments to append): every JDK on the instrumentation engine, forced where it is not the default. */
    public static Stream<Arguments> instrumentation() {
        return IntStream.of(JDKS).mapToObj(jdk -> Arguments.of(jdk, jdk >= 18 ? FORCE_INSTRUMENT : ""));
    }

    /** Every JDK from {@code oldest} on. */
    public static Stream<Integer> jdksFrom(int oldest) {
        return IntStream.of(JDKS).filter(jdk -> jdk >= oldest).boxed();
    }

    /**
     * How a connect to an address with no route fails on this JDK, as the app prints it. JDK 13's
     * new socket implementation changed the exception and its message.
     */
    public static String networkUnreachable(int jdk) {
        return jdk < 13 ? "java.net.ConnectException: Network is unreachable (connect failed)"
                : "java.net.SocketException: Network is unreachable";
    }

    /** How a connect that gets no answer before its timeout fails on this JDK (see {@link #networkUnreachable}). */
    public static String connectTimedOut(int jdk) {
        return "java.net.SocketTimeoutException: " + (jdk < 13 ? "connect timed out" : "Connect timed out");
    }

    /** Every JDK. */
    public static Stream<Integer> jdks() {
        return jdksFrom(0);
    }
}
