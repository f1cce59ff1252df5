package dev.dnspatch.it.apps;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app that logs through its own SLF4J (1.7 or 2, with whatever binding and configuration its
 * class path brings) around {@link ProbeApp}'s lookups. It uses only API that both SLF4J 1.7
 * and 2 have. Its log lines do not depend on what DNS answered, so with and without dnspatch
 * they must be the same, byte for byte.
 */
public final class LoggingApp {
    private static final Logger LOG = LoggerFactory.getLogger("app");

    private LoggingApp() {
    }

    public static void main(String[] hosts) throws Exception {
        LOG.info("starting with {} host(s)", hosts.length);
        LOG.debug("debug is on for the app's logger");
        LOG.trace("trace is on for the app's logger");
        ProbeApp.main(hosts);
        LOG.warn("done");
    }
}
