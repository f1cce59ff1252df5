package dev.dnspatch.cli;

import java.io.PrintStream;
import java.util.Locale;

/** {@code status}'s report of one JVM, its line in the listing, and both as JSON. */
final class StatusReport {
    static final String PREFIX = "dnspatch status: ";

    private StatusReport() {
    }

    static void text(JvmStatus status, String ownJar, PrintStream out) {
        String jvm = jvm(status);
        switch (status.state) {
            case JvmStatus.NO_PROCESS:
                out.println(PREFIX + "no process has PID " + status.pid);
                return;
            case JvmStatus.NOT_A_JVM:
                out.println(PREFIX + "process " + status.pid + " (" + status.process + ") is not a JVM");
                return;
            case JvmStatus.NO_PERF_DATA:
                out.println(PREFIX + jvm + " has no perf data (it was started with -XX:-UsePerfData or"
                        + " -XX:+PerfDisableSharedMem), where dnspatch publishes what it does: its state cannot be"
                        + " read from outside; its stderr has dnspatch's lines");
                return;
            case JvmStatus.UNREADABLE:
                out.println(PREFIX + (status.user != null ? jvm + " runs as user " + status.user + ", and only that"
                        + " user (or root) can read its perf data: run this command as " + status.user
                        + " (for example with sudo -u " + status.user + ")"
                        : jvm + ": its perf data cannot be read (" + status.problem + ")"));
                return;
            case JvmStatus.NOT_LOADED:
                out.println(PREFIX + jvm + " does not run dnspatch. To patch it:");
                out.println("  from its next start: add -javaagent:" + ownJar + "=hosts=YOUR.HOST to its command"
                        + " line, or set JAVA_TOOL_OPTIONS=\"-javaagent:" + ownJar + "=hosts=YOUR.HOST\"");
                out.println("  now, with no restart: java -jar " + ownJar + " attach " + status.pid
                        + " hosts=YOUR.HOST");
                return;
            case JvmStatus.REFUSED:
                out.println(PREFIX + jvm + " has dnspatch (-javaagent:" + status.agentJar + "), but its options are"
                        + " refused: " + status.problem + "; it runs unpatched");
                return;
            case JvmStatus.NO_HOSTS:
                out.println(PREFIX + jvm + " has dnspatch (-javaagent:" + status.agentJar + ") with no hosts"
                        + " configured: it patches nothing; name them with hosts=..., -Ddnspatch.hosts=... or"
                        + " DNSPATCH_HOSTS=...");
                return;
            case JvmStatus.CONFIGURED:
                out.println(PREFIX + jvm + " has dnspatch (-javaagent:" + status.agentJar + "), which publishes what"
                        + " it does at its first lookup of a host it applies to: none so far");
                out.println("  rules:  " + String.join(", ", status.rules) + " (read from its options)");
                return;
            default:
                published(status, jvm, out);
        }
    }

    private static void published(JvmStatus status, String jvm, PrintStream out) {
        boolean off = status.state.equals(JvmStatus.OFF);
        out.println(PREFIX + jvm + " runs " + status.version + ", " + (off ? "switched off by attach --off: the"
                + " JDK's own answers" : "patching") + ":");
        if (!status.engine.isEmpty()) {
            out.println("  engine: " + status.engine);
        }
        if (!status.rules.isEmpty()) {
            out.println("  rules:  " + String.join(", ", status.rules)
                    + (status.rulesCut == null ? "" : ", " + status.rulesCut));
        }
        if (status.netty != null && !status.netty.isEmpty()) {
            out.println("  netty:  " + status.netty + (status.netty.equals("on") ? ", " + copies(status) : ""));
        }
        if (status.hosts.isEmpty()) {
            return;
        }
        int width = "host".length();
        for (JvmStatus.Host host : status.hosts) {
            width = Math.max(width, host.name.length());
        }
        String others = status.others == null ? null : "and " + status.others.hosts + " other host"
                + (status.others.hosts == 1 ? "" : "s");
        width = Math.max(width, others == null ? 0 : others.length());
        out.println(String.format(Locale.ROOT, "  %-" + width + "s  %7s  %7s  %12s  %s", "host", "lookups", "changed",
                "nothing left", "last answer"));
        for (JvmStatus.Host host : status.hosts) {
            out.println(row(width, host.name, host));
        }
        if (others != null) {
            out.println(row(width, others, status.others));
        }
    }

    private static String row(int width, String name, JvmStatus.Host host) {
        String row = String.format(Locale.ROOT, "  %-" + width + "s  %7d  %7d  %12d  %s", name, host.lookups,
                host.changed, host.nothingLeft, host.lastAnswer == null ? "" : host.lastAnswer);
        int end = row.length();
        while (end > 0 && row.charAt(end - 1) == ' ') {
            end--;
        }
        return row.substring(0, end);
    }

    private static String copies(JvmStatus status) {
        String copies = status.nettyCopies;
        if (copies == null || copies.isEmpty() || copies.equals("none")) {
            return "no copy of Netty's resolver loaded so far";
        }
        int count = copies.split("; ").length;
        return count + (count == 1 ? " copy" : " copies") + " patched: " + copies;
    }

    /** One line of the listing, for a JVM that has dnspatch. */
    static String line(JvmStatus status) {
        String who = status.pid + " " + (status.main == null ? "(main class unknown)" : status.main) + ": ";
        switch (status.state) {
            case JvmStatus.CONFIGURED:
                return who + "dnspatch on its command line, nothing published yet (rules " + String.join(",",
                        status.rules) + ")";
            case JvmStatus.REFUSED:
                return who + "dnspatch on its command line, its options refused: " + status.problem;
            case JvmStatus.NO_HOSTS:
                return who + "dnspatch on its command line with no hosts configured: it patches nothing";
            default:
                long lookups = 0;
                long changed = 0;
                long nothingLeft = 0;
                long hosts = status.hosts.size();
                for (JvmStatus.Host host : status.hosts) {
                    lookups += host.lookups;
                    changed += host.changed;
                    nothingLeft += host.nothingLeft;
                }
                if (status.others != null) {
                    lookups += status.others.lookups;
                    changed += status.others.changed;
                    nothingLeft += status.others.nothingLeft;
                    hosts += status.others.hosts;
                }
                return who + status.version + ", " + (status.state.equals(JvmStatus.OFF) ? "switched off" : "patching")
                        + (status.engine.isEmpty() ? "" : ", engine=" + status.engine) + ", " + status.rules.size()
                        + (status.rules.size() == 1 ? " rule" : " rules") + ", " + hosts
                        + (hosts == 1 ? " host: " : " hosts: ") + lookups + " lookups, " + changed + " changed, "
                        + nothingLeft + " left with nothing";
        }
    }

    static void json(JvmStatus status, String ownJar, Json json) {
        json.beginObject();
        json.name("pid").value(status.pid);
        json.name("state").value(status.state);
        json.name("dnspatch").value(status.loaded());
        json.name("process").value(status.process);
        json.name("java").value(status.javaVersion);
        json.name("main").value(status.main);
        if (status.version != null) {
            json.name("version").value(status.version);
        }
        if (status.engine != null) {
            json.name("engine").value(status.engine);
        }
        if (status.loaded()) {
            json.name("rules").beginArray();
            for (String rule : status.rules) {
                int colon = rule.lastIndexOf(':');
                json.beginObject().name("pattern").value(colon < 0 ? rule : rule.substring(0, colon))
                        .name("mode").value(colon < 0 ? null : rule.substring(colon + 1)).endObject();
            }
            json.endArray();
            if (status.rulesCut != null) {
                json.name("rulesCut").value(status.rulesCut);
            }
        }
        if (status.netty != null) {
            json.name("netty").value(status.netty);
            json.name("nettyCopies").beginArray();
            if (status.nettyCopies != null && !status.nettyCopies.isEmpty() && !status.nettyCopies.equals("none")) {
                for (String copy : status.nettyCopies.split("; ")) {
                    json.value(copy);
                }
            }
            json.endArray();
        }
        if (status.state.equals(JvmStatus.PATCHING) || status.state.equals(JvmStatus.OFF)) {
            json.name("hosts").beginArray();
            for (JvmStatus.Host host : status.hosts) {
                json.beginObject().name("host").value(host.name);
                counts(json, host);
                json.name("lastAnswer").value(host.lastAnswer).endObject();
            }
            json.endArray();
            if (status.others != null) {
                json.name("otherHosts").beginObject().name("hosts").value(status.others.hosts);
                counts(json, status.others);
                json.endObject();
            }
        }
        if (status.agentJar != null) {
            json.name("agentJar").value(status.agentJar);
            json.name("options").value(status.options);
        }
        if (status.user != null) {
            json.name("user").value(status.user);
        }
        if (status.problem != null) {
            json.name("problem").value(status.problem);
        }
        if (status.state.equals(JvmStatus.NOT_LOADED)) {
            json.name("attach").value("java -jar " + ownJar + " attach " + status.pid + " hosts=YOUR.HOST");
        }
        json.endObject();
    }

    private static void counts(Json json, JvmStatus.Host host) {
        json.name("lookups").value(host.lookups).name("changed").value(host.changed).name("nothingLeft")
                .value(host.nothingLeft);
    }

    /** "JVM 123 (JDK 17.0.15, org.example.Main)". */
    private static String jvm(JvmStatus status) {
        StringBuilder what = new StringBuilder("JVM ").append(status.pid);
        if (status.javaVersion != null || status.main != null) {
            what.append(" (");
            if (status.javaVersion != null) {
                what.append("JDK ").append(status.javaVersion);
            }
            if (status.main != null) {
                what.append(status.javaVersion == null ? "" : ", ").append(status.main);
            }
            what.append(')');
        }
        return what.toString();
    }
}
