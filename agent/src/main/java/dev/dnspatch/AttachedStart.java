package dev.dnspatch;

import dev.dnspatch.attach.CachedAnswers;
import dev.dnspatch.attach.Handshake;
import dev.dnspatch.config.Config;
import dev.dnspatch.config.ConfigException;
import dev.dnspatch.engine.Engines;
import dev.dnspatch.engine.ProviderSwitch;
import dev.dnspatch.instrument.InstrumentationEngine;
import dev.dnspatch.log.Log;
import dev.dnspatch.netty.NettyCopies;
import dev.dnspatch.netty.NettyTransformer;
import dev.dnspatch.policy.AddressPolicy;
import dev.dnspatch.status.StatusBoard;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * agentmain's work, for an agent loaded into a running JVM by {@code attach}: patch (or replace
 * the patch in place, or switch it off), drop the JDK's cached answers for the hosts that change,
 * and leave the result where the command reads it ({@link Handshake}).
 *
 * <p>The app is running and keeps running, whatever happens here: a bad option is one line and
 * changes nothing, {@code strict=true} included, since stopping a running app is never what an
 * operator fixing its DNS wants.
 */
final class AttachedStart {
    private static final int HOSTS_LISTED = 5;
    private static final String NETTY_RESOLVER = "io.netty.resolver.dns.DnsNameResolver";

    private AttachedStart() {
    }

    static void run(String agentArgs, Instrumentation instrumentation) {
        Handshake request = Handshake.parse(agentArgs);
        String status;
        String lines;
        try {
            String[] result = request.off() ? switchOff(instrumentation) : patch(request.options(), instrumentation);
            status = result[0];
            lines = result[1];
        } catch (ConfigException e) {
            status = Handshake.REFUSED;
            lines = e.getMessage();
        } catch (SecurityException e) {
            status = Handshake.REFUSED;
            lines = "the security policy does not let dnspatch start (" + e.getMessage()
                    + "); grant its jar java.security.AllPermission";
        } catch (Throwable e) {
            status = Handshake.REFUSED;
            lines = "could not start (" + e + ")";
        }
        try {
            if (status.equals(Handshake.REFUSED)) {
                Log.error(lines + "; nothing changed, the app runs on as it was");
            }
            System.setProperty(Handshake.RESULT_PROPERTY, Handshake.result(request.id(), status, lines));
        } catch (Throwable ignored) {
            // Whatever went wrong, the app runs on.
        }
    }

    private static String[] patch(String options, Instrumentation instrumentation) throws Exception {
        Config config = Config.fromSystem(options);
        if (config.hosts().isEmpty()) {
            return new String[] {Handshake.REFUSED, Banner.NO_HOSTS};
        }
        Engines selection = Engines.select(config.engine(), instrumentation);
        if (selection.engine == null) {
            return new String[] {Handshake.REFUSED, "cannot patch this JVM: " + selection.reason};
        }
        // The attach's log level from here on: a refused attach leaves the app's as it was.
        Log.setLevel(config.log());
        String engine = selection.engine.name() + (selection.reason == null ? "" : " (" + selection.reason + ")");
        AddressPolicy policy = new AddressPolicy(config, engine, config.netty());
        final AddressPolicy previous = inPlace();
        try {
            selection.engine.install(policy, instrumentation);
        } catch (Exception e) {
            return new String[] {Handshake.REFUSED, "engine " + selection.engine.name() + " failed to install (" + e
                    + ")"};
        }
        // Only one engine may apply a policy: the other one stands aside (it may hold an older one).
        if (selection.engine instanceof InstrumentationEngine) {
            ProviderSwitch.enable(null);
        } else {
            InstrumentationEngine.uninstall();
        }
        String netty = netty(config, policy, instrumentation);
        Startup.installedPolicy = policy;
        Startup.installedSettings = Banner.settings(config, engine, netty);
        StatusBoard.installed(policy);
        final AddressPolicy now = policy;
        String dropped = dropCachedAnswers(instrumentation, new Predicate<String>() {
            @Override
            public boolean test(String host) {
                return now.applies(host) || previous != null && previous.applies(host);
            }
        });
        Log.info(Banner.line(Startup.installedSettings) + "; attached to the running JVM, " + dropped);
        return new String[] {Handshake.PATCHED, Startup.installedSettings + "\n" + dropped};
    }

    private static String[] switchOff(Instrumentation instrumentation) throws Exception {
        final AddressPolicy previous = inPlace();
        String settings = Startup.installedSettings;
        ProviderSwitch.enable(null);
        InstrumentationEngine.uninstall();
        NettyTransformer.replace(null);
        Startup.installedPolicy = null;
        Startup.installedSettings = null;
        StatusBoard.switchedOff();
        if (previous == null) {
            return new String[] {Handshake.OFF, "dnspatch was not patching this JVM; nothing to switch off"};
        }
        String dropped = dropCachedAnswers(instrumentation, new Predicate<String>() {
            @Override
            public boolean test(String host) {
                return previous.applies(host);
            }
        });
        Log.info("switched off by attach: the JDK's own answers again, instead of " + settings + "; " + dropped);
        return new String[] {Handshake.OFF, "the JDK's own answers again, instead of " + settings + "\n" + dropped};
    }

    /**
     * The policy in place: premain's or an earlier attach's, or the provider's where the jar is a
     * plain class path entry.
     */
    private static AddressPolicy inPlace() {
        return Startup.installedPolicy != null ? Startup.installedPolicy : ProviderSwitch.policy();
    }

    /**
     * The Netty hook for the new policy, and what the result says of it: {@code on}, then the
     * copies of Netty (the original and any a client relocated) that carry the hook, and any whose
     * resolver was loaded before the hook was registered (or that the hook had to leave alone),
     * which stays as it is: the result says so rather than claim it. Every patched copy takes the
     * new policy at once.
     */
    private static String netty(Config config, AddressPolicy policy, Instrumentation instrumentation) {
        if (!config.netty()) {
            NettyTransformer.replace(null);
            return "off";
        }
        NettyTransformer.register(policy, instrumentation);
        List<String> unpatched = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            String name = loaded.getName();
            if (name.endsWith(NETTY_RESOLVER) && NettyCopies.isResolver(name)
                    && !NettyCopies.patched(loaded.getClassLoader(), name)) {
                unpatched.add(name.substring(0, name.length() - ".resolver.dns.DnsNameResolver".length())
                        + ", class loader " + NettyCopies.loaderName(loaded.getClassLoader()));
            }
        }
        Collections.sort(unpatched);
        List<NettyCopies.Copy> patched = NettyCopies.patched();
        StringBuilder netty = new StringBuilder("on");
        if (!patched.isEmpty() || !unpatched.isEmpty()) {
            netty.append(" (");
            for (int i = 0; i < patched.size(); i++) {
                netty.append(i == 0 ? "patched: " : ", ").append(patched.get(i));
            }
            for (int i = 0; i < unpatched.size(); i++) {
                netty.append(i == 0 ? (patched.isEmpty() ? "" : "; ") + "not patched, its resolver loaded before"
                        + " dnspatch: " : ", ").append(unpatched.get(i));
            }
            netty.append(')');
        }
        return netty.toString();
    }

    /** "dropped 2 cached answers: a.example.com, b.example.com", or why none could be. */
    private static String dropCachedAnswers(Instrumentation instrumentation, Predicate<String> hosts) {
        List<String> dropped;
        try {
            dropped = CachedAnswers.drop(instrumentation, hosts);
        } catch (Exception | LinkageError e) {
            // The patch is in place; cached answers then expire as the JDK's cache policy says.
            return "could not drop cached answers (" + e + "): lookups cached before now keep their answer"
                    + " until it expires";
        }
        StringBuilder line = new StringBuilder("dropped ").append(dropped.size())
                .append(dropped.size() == 1 ? " cached answer" : " cached answers");
        for (int i = 0; i < dropped.size() && i < HOSTS_LISTED; i++) {
            line.append(i == 0 ? ": " : ", ").append(dropped.get(i));
        }
        if (dropped.size() > HOSTS_LISTED) {
            line.append(" and ").append(dropped.size() - HOSTS_LISTED).append(" more");
        }
        return line.toString();
    }
}
