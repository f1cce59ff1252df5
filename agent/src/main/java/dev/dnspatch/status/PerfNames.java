package dev.dnspatch.status;

/**
 * The entries dnspatch publishes in the JVM's perf data: {@link StatusBoard} writes them, the
 * {@code status} command reads them from outside. {@code jcmd PID PerfCounter.print} lists them too.
 */
public final class PerfNames {
    public static final String PREFIX = "dnspatch.";
    /** {@code dnspatch 0.1.0}, as the banner says it. */
    public static final String VERSION = "dnspatch.version";
    /** {@link #PATCHING}, or {@link #OFF} after {@code attach --off}. */
    public static final String STATE = "dnspatch.state";
    public static final String PATCHING = "patching";
    public static final String OFF = "off";
    /** The engine and, where auto passed over the resolver provider, why: as the banner says it. */
    public static final String ENGINE = "dnspatch.engine";
    /** {@code pattern:mode,...}: every pattern with the mode that applies to it. */
    public static final String RULES = "dnspatch.rules";
    /** {@code on} or {@code off}: whether Netty's resolver hooks apply the rules. */
    public static final String NETTY = "dnspatch.netty";
    /** The copies of Netty whose resolver carries the hook, separated by {@code "; "}. */
    public static final String NETTY_COPIES = "dnspatch.netty.copies";
    /** At most this many hosts get a row of their own; the others are counted together. */
    public static final int HOST_ROWS = 16;
    /** The fields of a host's row, {@code dnspatch.host.N.FIELD}, and of the others', {@code dnspatch.other.FIELD}. */
    public static final String NAME = "name";
    public static final String LOOKUPS = "lookups";
    public static final String CHANGED = "changed";
    public static final String NOTHING_LEFT = "nothingLeft";
    public static final String ANSWER = "answer";
    /** The others' row only: how many hosts it counts. */
    public static final String HOSTS = "hosts";

    private PerfNames() {
    }

    public static String host(int row, String field) {
        return "dnspatch.host." + row + "." + field;
    }

    public static String other(String field) {
        return "dnspatch.other." + field;
    }
}
