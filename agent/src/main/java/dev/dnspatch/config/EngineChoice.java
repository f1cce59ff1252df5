package dev.dnspatch.config;

/** Which engine plugs the policy into the JVM; {@code auto} picks the one that will take effect. */
public enum EngineChoice {
    AUTO, SPI, INSTRUMENT;

    /** The word users type. */
    public String word() {
        return Option.word(this);
    }
}
