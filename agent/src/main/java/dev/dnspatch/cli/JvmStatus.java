package dev.dnspatch.cli;

import dev.dnspatch.config.Config;
import dev.dnspatch.config.ConfigException;
import dev.dnspatch.policy.AddressPolicy;
import dev.dnspatch.status.PerfNames;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What {@code status} finds out about one local JVM, from its perf data alone (see
 * {@code StatusBoard}): whether dnspatch runs in it and, if so, what it does. Nothing is sent to
 * the JVM: its file is read, as {@code jps} and {@code jstat} read it, and so are its command
 * line and environment in {@code /proc} where dnspatch has published nothing yet.
 */
final class JvmStatus {
    /** dnspatch runs and patches: its own entries say so. */
    static final String PATCHING = "patching";
    /** dnspatch runs, switched off by {@code attach --off}. */
    static final String OFF = "off";
    /** dnspatch is on the command line with hosts to patch, and has published nothing yet. */
    static final String CONFIGURED = "configured";
    /** dnspatch is on the command line, but its options are refused: the app runs unpatched. */
    static final String REFUSED = "refused";
    /** dnspatch is on the command line with no hosts: it patches nothing. */
    static final String NO_HOSTS = "no-hosts";
    static final String NOT_LOADED = "not-loaded";
    static final String NO_PROCESS = "no-process";
    static final String NOT_A_JVM = "not-a-jvm";
    static final String NO_PERF_DATA = "no-perf-data";
    static final String UNREADABLE = "unreadable";
    private static final String DNSPATCH_AGENT = "dev.dnspatch.Agent";

    /** One host's row, or the others' (whose name is null). */
    static final class Host {
        final String name;
        final long lookups;
        final long changed;
        final long nothingLeft;
        final String lastAnswer;
        final long hosts;

        Host(String name, long lookups, long changed, long nothingLeft, String lastAnswer, long hosts) {
            this.name = name;
            this.lookups = lookups;
            this.changed = changed;
            this.nothingLeft = nothingLeft;
            this.lastAnswer = lastAnswer;
            this.hosts = hosts;
        }
    }

    final String pid;
    String state;
    /** The process's own user, where it is another's. */
    String user;
    String process = "";
    String javaVersion;
    String main;
    String version;
    String engine;
    /** pattern:mode, each. */
    final List<String> rules = new ArrayList<>();
    /** "... (40 rules)" where the published rules were cut, else null. */
    String rulesCut;
    String netty;
    String nettyCopies;
    final List<Host> hosts = new ArrayList<>();
    Host others;
    /** The agent jar named on its command line, and the options given there. */
    String agentJar;
    String options;
    /** Why the options are refused, or why the perf data cannot be read. */
    String problem;

    private JvmStatus(String pid) {
        this.pid = pid;
    }

    /** Exit status 0 where dnspatch is loaded and patching, 1 where it is not, or has nothing to do. */
    int exitCode() {
        return state.equals(PATCHING) || state.equals(CONFIGURED) ? 0 : 1;
    }

    /** Whether dnspatch is in this JVM at all, whatever it does there. */
    boolean loaded() {
        return state.equals(PATCHING) || state.equals(OFF) || state.equals(CONFIGURED) || state.equals(REFUSED)
                || state.equals(NO_HOSTS);
    }

    static JvmStatus of(LocalProcess process) {
        JvmStatus status = new JvmStatus(process.pid());
        if (!process.exists()) {
            status.state = NO_PROCESS;
            return status;
        }
        status.process = process.name();
        return of(process, process.perfFile(), status);
    }

    /** With the perf-data file already found ({@code file}), or null where there is none. */
    static JvmStatus of(LocalProcess process, Path file) {
        JvmStatus status = new JvmStatus(process.pid());
        status.process = process.name();
        return of(process, file, status);
    }

    private static JvmStatus of(LocalProcess process, Path file, JvmStatus status) {
        if (file == null) {
            status.state = process.runsAJvm() ? NO_PERF_DATA : NOT_A_JVM;
            return status;
        }
        PerfData perf;
        try {
            perf = PerfData.parse(Files.readAllBytes(file));
        } catch (AccessDeniedException e) {
            status.state = UNREADABLE;
            int uid = process.uid();
            status.user = uid < 0 ? "another user" : LocalProcess.userName(uid);
            return status;
        } catch (IOException | RuntimeException e) {
            status.state = UNREADABLE;
            status.problem = file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
            return status;
        }
        status.javaVersion = perf.text("java.property.java.version");
        String command = perf.text("sun.rt.javaCommand");
        if (command != null && !command.trim().isEmpty()) {
            String trimmed = command.trim();
            status.main = trimmed.indexOf(' ') < 0 ? trimmed : trimmed.substring(0, trimmed.indexOf(' '));
        }
        if (perf.has(PerfNames.VERSION)) {
            published(perf, status);
        } else {
            fromCommandLine(process, perf.text("java.rt.vmArgs"), status);
        }
        return status;
    }

    /** What dnspatch published in the JVM. */
    private static void published(PerfData perf, JvmStatus status) {
        status.state = PerfNames.OFF.equals(perf.text(PerfNames.STATE)) ? OFF : PATCHING;
        status.version = perf.text(PerfNames.VERSION);
        status.engine = perf.text(PerfNames.ENGINE);
        status.netty = perf.text(PerfNames.NETTY);
        status.nettyCopies = perf.text(PerfNames.NETTY_COPIES);
        String rules = perf.text(PerfNames.RULES);
        if (rules != null && !rules.isEmpty()) {
            int cut = rules.indexOf(",... (");
            if (cut >= 0) {
                status.rulesCut = rules.substring(cut + 1);
                rules = rules.substring(0, cut);
            }
            for (String rule : rules.split(",")) {
                if (!rule.isEmpty()) {
                    status.rules.add(rule);
                }
            }
        }
        for (int row = 0; row < PerfNames.HOST_ROWS && perf.has(PerfNames.host(row, PerfNames.NAME)); row++) {
            status.hosts.add(new Host(perf.text(PerfNames.host(row, PerfNames.NAME)),
                    perf.number(PerfNames.host(row, PerfNames.LOOKUPS)),
                    perf.number(PerfNames.host(row, PerfNames.CHANGED)),
                    perf.number(PerfNames.host(row, PerfNames.NOTHING_LEFT)),
                    perf.text(PerfNames.host(row, PerfNames.ANSWER)), 1));
        }
        if (perf.has(PerfNames.other(PerfNames.LOOKUPS))) {
            status.others = new Host(null, perf.number(PerfNames.other(PerfNames.LOOKUPS)),
                    perf.number(PerfNames.other(PerfNames.CHANGED)),
                    perf.number(PerfNames.other(PerfNames.NOTHING_LEFT)), null,
                    perf.number(PerfNames.other(PerfNames.HOSTS)));
        }
    }

    /**
     * Nothing published yet (dnspatch publishes at the first lookup it applies to) or nothing at
     * all: is dnspatch on the JVM's command line (or in JAVA_TOOL_OPTIONS, which the JVM counts as
     * its own arguments), and what do its options say, read as premain read them?
     */
    private static void fromCommandLine(LocalProcess process, String vmArgs, JvmStatus status) {
        Map<String, String> properties = new HashMap<>();
        for (String token : vmArgs == null ? new String[0] : vmArgs.split(" ")) {
            if (token.startsWith("-javaagent:")) {
                String spec = token.substring("-javaagent:".length());
                int equals = spec.indexOf('=');
                String jar = equals < 0 ? spec : spec.substring(0, equals);
                if (isDnspatch(process, jar)) {
                    status.agentJar = jar;
                    status.options = equals < 0 ? null : spec.substring(equals + 1);
                }
            } else if (token.startsWith("-D" + PerfNames.PREFIX)) {
                int equals = token.indexOf('=');
                properties.put(token.substring(2, equals < 0 ? token.length() : equals),
                        equals < 0 ? "" : token.substring(equals + 1));
            }
        }
        if (status.agentJar == null) {
            status.state = NOT_LOADED;
            return;
        }
        Map<String, String> env = new HashMap<>();
        for (Map.Entry<String, String> variable : process.environment().entrySet()) {
            if (variable.getKey().startsWith("DNSPATCH_")) {
                env.put(variable.getKey(), variable.getValue());
            }
        }
        try {
            Config config = Config.parse(status.options, properties, env);
            if (config.hosts().isEmpty()) {
                status.state = NO_HOSTS;
                return;
            }
            status.state = CONFIGURED;
            for (String rule : new AddressPolicy(config).rules().split(",")) {
                status.rules.add(rule);
            }
        } catch (ConfigException e) {
            status.state = REFUSED;
            status.problem = e.getMessage();
        }
    }

    /** A jar whose manifest names dnspatch's agent class; one that cannot be read, by its name. */
    private static boolean isDnspatch(LocalProcess process, String jar) {
        try (JarFile file = new JarFile(process.fromHere(jar).toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && DNSPATCH_AGENT.equals(manifest.getMainAttributes().getValue("Premain-Class"));
        } catch (IOException | RuntimeException e) {
            return jar.substring(jar.lastIndexOf('/') + 1).contains("dnspatch");
        }
    }
}
