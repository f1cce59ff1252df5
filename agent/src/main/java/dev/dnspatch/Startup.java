package dev.dnspatch;

import dev.dnspatch.config.Config;
import dev.dnspatch.config.ConfigException;
import dev.dnspatch.config.LogLevel;
import dev.dnspatch.config.SystemSettings;
import dev.dnspatch.engine.Engines;
import dev.dnspatch.engine.ProviderSwitch;
import dev.dnspatch.log.Log;
import dev.dnspatch.netty.NettyTransformer;
import dev.dnspatch.policy.AddressPolicy;
import java.lang.instrument.Instrumentation;
import java.util.Map;

/** premain's work: parse, validate, install. Nothing here may stop the application unless strict=true. */
final class Startup {
    static final int STRICT_EXIT_STATUS = 78; // EX_CONFIG from sysexits.h: a configuration error

    /** What premain or an attach put in place, for a later attach to replace or switch off. */
    static volatile AddressPolicy installedPolicy;
    /** {@code engine=..., mode=..., hosts=..., netty=...} of {@link #installedPolicy}. */
    static volatile String installedSettings;

    private Startup() {
    }

    /** {@code atLaunch} is true for premain, false for an agent attached to a running JVM. */
    static void run(String agentArgs, Instrumentation instrumentation, boolean atLaunch) {
        ProviderSwitch.agentStarted();
        if (!atLaunch) {
            AttachedStart.run(agentArgs, instrumentation);
            return;
        }
        String problem;
        try {
            start(agentArgs, instrumentation);
            return;
        } catch (ConfigException e) {
            problem = e.getMessage();
        } catch (SecurityException e) {
            problem = "the security policy does not let dnspatch start (" + e.getMessage()
                    + "); grant its jar java.security.AllPermission";
        } catch (Throwable e) {
            problem = "could not start (" + e + ")";
        }
        try {
            refuse(agentArgs, problem);
        } catch (Throwable ignored) {
            // Whatever went wrong, the app must still start.
        }
    }

    private static void start(String agentArgs, Instrumentation instrumentation) throws ConfigException {
        Config config = Config.fromSystem(agentArgs);
        Log.setLevel(config.log());
        if (config.hosts().isEmpty()) {
            Log.warn(Banner.NO_HOSTS);
            return;
        }
        Engines selection = Engines.select(config.engine(), instrumentation);
        if (selection.engine == null) {
            Log.warn("cannot patch on this JVM: " + selection.reason + "; the app runs unpatched");
            return;
        }
        String engine = selection.engine.name() + (selection.reason == null ? "" : " (" + selection.reason + ")");
        AddressPolicy policy = new AddressPolicy(config, engine, config.netty());
        try {
            selection.engine.install(policy, instrumentation);
        } catch (Exception e) {
            Log.error("engine " + selection.engine.name() + " failed to install (" + e + "); the app runs unpatched");
            return;
        }
        if (config.netty()) {
            // Netty's resolver never calls InetAddress: a transformer patches it wherever it is defined.
            NettyTransformer.register(policy, instrumentation);
        }
        installedPolicy = policy;
        installedSettings = Banner.settings(config, engine, config.netty() ? "on" : "off");
        Log.info(Banner.line(installedSettings));
    }

    /**
     * One line, then either run unpatched or, with strict=true, stop the JVM before the
     * application's main runs. Exiting is right only there: the app has not started, and a
     * premain that throws instead makes the JVM abort with a native stack dump (and maybe a core
     * file). An agent attached to a running app never stops it (see {@link AttachedStart}).
     */
    private static void refuse(String agentArgs, String problem) {
        Map<?, ?> properties = SystemSettings.propertiesOrNone();
        Map<String, String> env = SystemSettings.envOrNone();
        boolean strict = Config.strictRequested(agentArgs, properties, env) && mayExit();
        LogLevel level = Config.logRequested(agentArgs, properties, env);
        // log=off silences a problem the app runs past, never the reason the JVM refuses to start.
        Log.setLevel(strict && !level.includes(LogLevel.ERROR) ? LogLevel.ERROR : level);
        if (strict) {
            Log.error(problem + "; strict=true, so the JVM will not start");
            System.exit(STRICT_EXIT_STATUS);
        }
        Log.error(problem + "; the app runs unpatched");
    }

    /** A security policy may deny the agent System.exit; then strict=true cannot stop the JVM. */
    private static boolean mayExit() {
        SecurityManager security = System.getSecurityManager();
        if (security == null) {
            return true;
        }
        try {
            security.checkExit(STRICT_EXIT_STATUS);
            return true;
        } catch (SecurityException denied) {
            return false;
        }
    }
}
