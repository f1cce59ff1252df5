package dev.dnspatch.cli;

import dev.dnspatch.attach.Handshake;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * {@code attach}: loads the agent into a running JVM through the Attach API, and says what the
 * JVM did, from the answer it leaves in a system property ({@link Handshake}).
 */
final class Attach {
    static final String USAGE = "java -jar dnspatch-agent.jar attach PID [OPTIONS | --off] | attach [--list]";
    private static final String PREFIX = "dnspatch attach: ";
    private static final int DYNAMIC_AGENT_WARNING_SINCE = 21;

    private Attach() {
    }

    /** {@code args[0]} is "attach". */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 || args.length == 2 && args[1].equals("--list")) {
            return list(out, err);
        }
        String pid = args[1];
        if (!pid.matches("[1-9][0-9]{0,9}")) {
            err.println(PREFIX + (pid.startsWith("-") ? "unknown option '" + pid + "'" : "PID must be a process id, a"
                    + " number ['" + pid + "']") + "; usage: " + USAGE);
            return 2;
        }
        boolean off = args.length == 3 && args[2].equals("--off");
        List<String> options = new ArrayList<>();
        for (int i = 2; i < args.length && !off; i++) {
            if (args[i].startsWith("--")) {
                err.println(PREFIX + "unknown option '" + args[i] + "' (--off stands alone after the PID); usage: "
                        + USAGE);
                return 2;
            }
            options.add(args[i]);
        }
        return patch(pid, off, String.join(",", options), out, err);
    }

    private static int list(PrintStream out, PrintStream err) {
        List<String[]> jvms;
        try {
            jvms = AttachApi.load().list();
        } catch (AttachApi.Failure e) {
            err.println(PREFIX + e.getMessage());
            return 1;
        }
        String self = LocalProcess.self();
        int shown = 0;
        for (String[] jvm : jvms) {
            if (!jvm[0].equals(self)) {
                out.println(jvm[0] + " " + (jvm[1] == null || jvm[1].isEmpty() ? "(main class unknown)" : jvm[1]));
                shown++;
            }
        }
        if (shown == 0) {
            out.println(PREFIX + "no other JVM found (a JVM started with -XX:-UsePerfData is not listed, but can"
                    + " be attached by its PID)");
        }
        return 0;
    }

    private static int patch(String pid, boolean off, String options, PrintStream out, PrintStream err) {
        LocalProcess process = new LocalProcess(pid);
        String refusal = refusal(process);
        if (refusal != null) {
            err.println(PREFIX + refusal);
            return 1;
        }
        AttachApi api;
        AttachApi.Target target;
        try {
            api = AttachApi.load();
        } catch (AttachApi.Failure e) {
            err.println(PREFIX + e.getMessage());
            return 1;
        }
        try {
            target = api.attach(pid);
        } catch (AttachApi.Failure e) {
            err.println(PREFIX + "cannot attach to process " + pid + ": " + e.getMessage() + hint(process));
            return 1;
        }
        try {
            String id = UUID.randomUUID().toString();
            String jar = ownJar();
            try {
                target.loadAgent(jar, Handshake.request(id, off, options));
            } catch (AttachApi.Failure e) {
                // A JDK 8 JVM answers with agentmain's bare return code, which the attach client of
                // JDK 9 and later reports as AgentLoadException("0"): the agent did load.
                boolean loaded = e.kind.equals("AgentLoadException") && e.getMessage().equals("0");
                if (!loaded) {
                    err.println(PREFIX + "JVM " + pid + " did not load " + jar + ": " + e.getMessage()
                            + (e.kind.equals("AgentLoadException") ? " (it must be able to read that file: run this"
                                    + " command where the JVM runs, in its container, with a jar it can read)" : ""));
                    return 1;
                }
            }
            return report(pid, id, target, out);
        } catch (AttachApi.Failure e) {
            err.println(PREFIX + (e.kind.equals("NoAnswer") ? "" : "lost JVM " + pid + ": ") + e.getMessage());
            return 1;
        } finally {
            target.detach();
        }
    }

    /** What the JVM answered, read from its system properties. */
    private static int report(String pid, String id, AttachApi.Target target, PrintStream out)
            throws AttachApi.Failure {
        Properties properties = target.systemProperties();
        String result = properties.getProperty(Handshake.RESULT_PROPERTY);
        String status = Handshake.statusOf(result, id);
        String jvm = "JVM " + pid + " (" + describe(properties) + ")";
        if (status == null) {
            throw new AttachApi.Failure("NoAnswer", jvm + " loaded the agent but gave no answer: it may run an"
                    + " earlier dnspatch without attach, loaded before from another jar");
        }
        out.println(PREFIX + jvm + " " + headline(status));
        for (String line : Handshake.linesOf(result).split("\n")) {
            out.println("  " + line);
        }
        String warning = dynamicAgentWarning(properties, target);
        if (warning != null) {
            out.println("  " + warning);
        }
        return status.equals(Handshake.REFUSED) ? 1 : 0;
    }

    /** Why not to try at all: no such process, another user's, or no JVM. */
    private static String refusal(LocalProcess process) {
        if (!process.exists()) {
            return "no process has PID " + process.pid();
        }
        int own = LocalProcess.ownUid();
        int theirs = process.uid();
        if (own > 0 && theirs >= 0 && own != theirs) {
            String user = LocalProcess.userName(theirs);
            return "process " + process.pid() + " runs as user " + user + ", and a JVM accepts attach only"
                    + " from its own user: run this command as " + user + " (for example with sudo -u " + user + ")";
        }
        if (!process.catchesSigquit()) {
            return "process " + process.pid() + " (" + process.name() + ") is not a JVM that accepts attach:"
                    + " it does not handle SIGQUIT, the signal the Attach API starts with (a JVM started with -Xrs"
                    + " does not either)";
        }
        return null;
    }

    private static String hint(LocalProcess process) {
        int own = LocalProcess.ownUid();
        int theirs = process.uid();
        if (own >= 0 && theirs >= 0 && own != theirs) {
            return " (it runs as user " + LocalProcess.userName(theirs) + ": run this command as that user)";
        }
        return " (a JVM started with -XX:+DisableAttachMechanism refuses attach; one in another container is"
                + " attached from inside it)";
    }

    private static String headline(String status) {
        if (status.equals(Handshake.PATCHED)) {
            return "is patched:";
        }
        if (status.equals(Handshake.OFF)) {
            return "is no longer patched:";
        }
        return "changed nothing, and runs on as it was:";
    }

    /** "JDK 17.0.15, org.example.Main": what the JVM runs. */
    private static String describe(Properties properties) {
        String command = properties.getProperty("sun.java.command", "").trim();
        int space = command.indexOf(' ');
        String main = space < 0 ? command : command.substring(0, space);
        return "JDK " + properties.getProperty("java.version", "?") + (main.isEmpty() ? "" : ", " + main);
    }

    /**
     * JDK 21 and later print a warning in the app's output when an agent is loaded into it while
     * it runs, unless it was started with -XX:+EnableDynamicAgentLoading.
     */
    private static String dynamicAgentWarning(Properties properties, AttachApi.Target target) {
        String spec = properties.getProperty("java.specification.version", "");
        int feature;
        try {
            feature = spec.startsWith("1.") ? 8 : Integer.parseInt(spec);
        } catch (NumberFormatException e) {
            return null;
        }
        if (feature < DYNAMIC_AGENT_WARNING_SINCE) {
            return null;
        }
        try {
            String jvmArgs = target.agentProperties().getProperty("sun.jvm.args", "");
            if (jvmArgs.contains("-XX:+EnableDynamicAgentLoading")) {
                return null;
            }
        } catch (AttachApi.Failure e) {
            // say it anyway
        }
        return "note: JDK " + feature + " printed a warning about a dynamically loaded agent in the app's output;"
                + " start apps you mean to patch this way with -XX:+EnableDynamicAgentLoading";
    }

    private static String ownJar() {
        try {
            return new File(Attach.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getAbsolutePath();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate dnspatch-agent.jar (" + e + ")", e);
        }
    }
}
