package dev.dnspatch.config;

/** Which engine plugs the policy into the JVM; {@code auto} picks the one that will take effect. */
public enum EngineChoice implements Choice {
    AUTO, SPI, INSTRUMENT;

    @Override
    public String word() {
        return Choice.lower(this);
    }
}
