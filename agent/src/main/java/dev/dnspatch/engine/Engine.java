package dev.dnspatch.engine;

import dev.dnspatch.policy.AddressPolicy;
import java.lang.instrument.Instrumentation;

/** A way of plugging the policy into the JVM's name resolution. Engines only plug; the policy decides. */
public interface Engine {
    /** The name shown in the banner and accepted by {@code engine=}. */
    String name();

    /** Null when the engine will take effect in this JVM; otherwise why it would not, in a few words. */
    String whyNot(Instrumentation instrumentation);

    void install(AddressPolicy policy, Instrumentation instrumentation) throws Exception;
}
