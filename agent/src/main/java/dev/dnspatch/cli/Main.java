package dev.dnspatch.cli;

import dev.dnspatch.Banner;
import dev.dnspatch.engine.ProviderSwitch;
import java.io.PrintStream;

/** {@code java -jar dnspatch-agent.jar ...}: the agent's command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // This jar is the class path here: keep its resolver provider out of the tool's own lookups.
        ProviderSwitch.agentStarted();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.print(usage());
            return 0;
        }
        if (args.length == 1 && args[0].equals("--version")) {
            out.println(Banner.version() + " (" + BuildCommit.describe() + ", Java "
                    + System.getProperty("java.version") + ")");
            return 0;
        }
        if (args.length >= 1 && args[0].equals("doctor")) {
            if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h"))) {
                out.print(usage());
                return 0;
            }
            try {
                return Doctor.run(args, out, err);
            } catch (Throwable e) {
                // A diagnosis tool that dies with a stack trace diagnoses nothing: say it in one line.
                err.println("dnspatch doctor: internal error (" + e + ")");
                return 1;
            }
        }
        if (args.length >= 1 && args[0].equals("attach")) {
            if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h"))) {
                out.print(usage());
                return 0;
            }
            try {
                return Attach.run(args, out, err);
            } catch (Throwable e) {
                err.println("dnspatch attach: internal error (" + e + ")");
                return 1;
            }
        }
        if (args.length >= 1 && args[0].equals("status")) {
            if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h"))) {
                out.print(usage());
                return 0;
            }
            try {
                return Status.run(args, out, err);
            } catch (Throwable e) {
                err.println("dnspatch status: internal error (" + e + ")");
                return 1;
            }
        }
        err.println("dnspatch: " + (args.length == 0 ? "no command given" : "unknown command '" + args[0] + "'"));
        err.print(usage());
        return 2;
    }

    static String usage() {
        return "usage: java -jar dnspatch-agent.jar --help | --version\n"
                + "       " + Doctor.USAGE + "\n"
                + "       " + Attach.USAGE + "\n"
                + "       " + Status.USAGE + "\n"
                + "\n"
                + "doctor diagnoses one host: its A and AAAA records straight from DNS (--dns picks the server,\n"
                + "by default the system's), what this JVM's resolver returns and in which order, whether this\n"
                + "machine has a route to each address and, with a port, a TCP connect to each (--timeout bounds\n"
                + "each step, in ms; default " + DoctorArgs.DEFAULT_TIMEOUT_MILLIS + "). Then a verdict, and the"
                + " JAVA_TOOL_OPTIONS line that fixes it.\n"
                + "Run it with the application's JVM options. Exit status: 0 reachable as this JVM connects,\n"
                + "1 a problem found, 2 bad usage. --json prints the same findings as one JSON object.\n"
                + "\n"
                + "attach patches a running JVM, no restart: it loads the agent with OPTIONS (as after -javaagent:...=)\n"
                + "and drops the JVM's cached answers for those hosts. Again with other OPTIONS, it replaces them;\n"
                + "--off switches the patch off. Without a PID (or with --list) it lists the local JVMs. Exit status:\n"
                + "0 patched (or switched off), 1 not patched, 2 bad usage.\n"
                + "\n"
                + "status says what dnspatch does in a running JVM of this user, without attaching: read from the\n"
                + "JVM's perf data, as jps and jstat read it. Its engine, its rules, the Netty copies patched and, per\n"
                + "host, lookups seen, answers changed, lookups left with nothing and the last answer. Without a PID,\n"
                + "every local JVM with dnspatch, one line each. Exit status: 0 loaded and patching, 1 not (or with\n"
                + "nothing to do), 2 bad usage. --json prints the same as JSON.\n"
                + "\n"
                + "As an agent:  java -javaagent:dnspatch-agent.jar=hosts=*.example.com[,mode=ipv4-only] -jar app.jar\n"
                + "or:           JAVA_TOOL_OPTIONS=\"-javaagent:/opt/dnspatch-agent.jar=hosts=*.example.com\"\n"
                + "\n"
                + "options (agent argument / system property / environment variable):\n"
                + "  hosts=   dnspatch.hosts   DNSPATCH_HOSTS   host patterns: db.example.com, *.example.com, *; each may\n"
                + "                                            end in :MODE, its own mode (*.corp.internal:ipv6-first)\n"
                + "  mode=    dnspatch.mode    DNSPATCH_MODE    ipv4-only (default), ipv4-first, ipv6-only, ipv6-first,\n"
                + "                                            auto (drop addresses this machine has no route to):\n"
                + "                                            for patterns without a mode of their own\n"
                + "  log=     dnspatch.log     DNSPATCH_LOG     off, error, warn, info (default), debug\n"
                + "  engine=  dnspatch.engine  DNSPATCH_ENGINE  auto (default), spi, instrument\n"
                + "  strict=  dnspatch.strict  DNSPATCH_STRICT  true: refuse to start on a configuration error\n"
                + "  netty=   dnspatch.netty   DNSPATCH_NETTY   on (default): Netty's own DNS resolver too; off\n";
    }
}
