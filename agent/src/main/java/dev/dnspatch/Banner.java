package dev.dnspatch;

import dev.dnspatch.config.Config;

/** The start-up line: what runs, where, and on which hosts. */
public final class Banner {
    public static final String NO_HOSTS = "no hosts configured, patching nothing; name them with hosts=...,"
            + " -Ddnspatch.hosts=... or DNSPATCH_HOSTS=...";
    private static final int MAX_HOSTS_SHOWN = 200;

    private Banner() {
    }

    public static String line(Config config, String engine) {
        return line(settings(config, engine, null));
    }

    public static String line(String settings) {
        return version() + " on JDK " + System.getProperty("java.version") + ": " + settings;
    }

    /**
     * {@code engine=..., mode=..., hosts=..., netty=...}: what is in place. {@code netty} is the
     * state of the Netty hook ({@code on}: Netty's resolver is patched in every class loader that
     * defines it), or null where there is none to have.
     */
    public static String settings(Config config, String engine, String netty) {
        String hosts = config.hosts().toString();
        if (hosts.length() > MAX_HOSTS_SHOWN) {
            hosts = hosts.substring(0, MAX_HOSTS_SHOWN) + "... (" + config.hosts().patterns().size() + " patterns)";
        }
        return "engine=" + engine + ", mode=" + config.mode().word() + ", hosts=" + hosts
                + (netty == null ? "" : ", netty=" + netty);
    }

    public static String version() {
        String version = Banner.class.getPackage() == null ? null
                : Banner.class.getPackage().getImplementationVersion();
        return "dnspatch " + (version == null ? "(development build)" : version);
    }
}
