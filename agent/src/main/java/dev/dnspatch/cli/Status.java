package dev.dnspatch.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code status [PID] [--json]}: what dnspatch does in a running JVM, asked from outside without
 * touching it. It reads the JVM's perf data, the memory {@code jps} and {@code jstat} read, where
 * dnspatch publishes its state: no agent is loaded into the JVM, no thread is started there, no
 * signal is sent. Without a PID, every local JVM this user can read that has dnspatch, one line
 * each. Exit 0 where dnspatch is loaded and patching, 1 where it is not (or has nothing to do),
 * 2 for bad usage.
 */
final class Status {
    static final String USAGE = "java -jar dnspatch-agent.jar status [PID] [--json]";
    private static final String PREFIX = "dnspatch status: ";

    private Status() {
    }

    /** {@code args[0]} is "status". */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String pid = null;
        boolean json = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--json") && !json) {
                json = true;
            } else if (pid == null && args[i].matches("[1-9][0-9]{0,9}")) {
                pid = args[i];
            } else {
                err.println(PREFIX + (args[i].startsWith("-") ? "unknown option '" + args[i] + "'"
                        : pid == null ? "PID must be a process id, a number ['" + args[i] + "']"
                        : "one PID at a time ['" + args[i] + "']") + "; usage: " + USAGE);
                return 2;
            }
        }
        String ownJar = ownJar();
        if (pid != null) {
            JvmStatus status = JvmStatus.of(new LocalProcess(pid));
            if (json) {
                Json writer = new Json();
                StatusReport.json(status, ownJar, writer);
                out.println(writer);
            } else {
                StatusReport.text(status, ownJar, out);
            }
            return status.exitCode();
        }
        return list(json, ownJar, out);
    }

    private static int list(boolean json, String ownJar, PrintStream out) {
        List<JvmStatus> found = new ArrayList<>();
        int looked = 0;
        for (Map.Entry<String, Path> jvm : localJvms().entrySet()) {
            JvmStatus status = JvmStatus.of(new LocalProcess(jvm.getKey()), jvm.getValue());
            looked++;
            if (status.loaded()) {
                found.add(status);
            }
        }
        int exit = 1;
        for (JvmStatus status : found) {
            exit = Math.min(exit, status.exitCode());
        }
        if (json) {
            Json writer = new Json().beginArray();
            for (JvmStatus status : found) {
                StatusReport.json(status, ownJar, writer);
            }
            out.println(writer.endArray());
            return exit;
        }
        for (JvmStatus status : found) {
            out.println(StatusReport.line(status));
        }
        if (found.isEmpty()) {
            out.println(PREFIX + "no local JVM " + (LocalProcess.ownUid() == 0 ? "" : "of this user ")
                    + "runs dnspatch (" + looked + (looked == 1 ? " JVM" : " JVMs") + " looked at; one started with"
                    + " -XX:-UsePerfData cannot be seen)");
        }
        return exit;
    }

    /**
     * The local JVMs whose perf data can be read, by PID, in PID order, this one left out: those
     * of this user (all, for root), found as {@code jps} finds them. The files in this machine's
     * {@code /tmp} are listed once; a process in another mount namespace (a container) is looked
     * up through its own root.
     */
    private static Map<String, Path> localJvms() {
        Map<String, Path> here = new HashMap<>();
        try (DirectoryStream<Path> users = Files.newDirectoryStream(Paths.get("/tmp"), "hsperfdata_*")) {
            for (Path user : users) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(user)) {
                    for (Path file : files) {
                        here.put(file.getFileName().toString(), file);
                    }
                } catch (IOException | RuntimeException unreadable) {
                    // another user's
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /tmp to list
        }
        Map<String, Path> jvms = new TreeMap<>(new Comparator<String>() {
            @Override
            public int compare(String a, String b) {
                return Long.compare(Long.parseLong(a), Long.parseLong(b));
            }
        });
        String self = LocalProcess.self();
        String ownMounts = mountNamespace("self");
        int ownUid = LocalProcess.ownUid();
        if (!LocalProcess.procAvailable()) {
            here.remove(self);
            jvms.putAll(numeric(here));
            return jvms;
        }
        for (String pid : LocalProcess.all()) {
            LocalProcess process = new LocalProcess(pid);
            if (pid.equals(self) || ownUid != 0 && process.uid() != ownUid) {
                continue;
            }
            String mounts = mountNamespace(pid);
            Path file = mounts != null && mounts.equals(ownMounts) ? here.get(pid) : process.perfFile();
            if (file != null) {
                jvms.put(pid, file);
            }
        }
        return jvms;
    }

    private static Map<String, Path> numeric(Map<String, Path> files) {
        Map<String, Path> kept = new HashMap<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            if (file.getKey().matches("[1-9][0-9]{0,9}")) {
                kept.put(file.getKey(), file.getValue());
            }
        }
        return kept;
    }

    private static String mountNamespace(String pid) {
        try {
            return Files.readSymbolicLink(Paths.get("/proc", pid, "ns", "mnt")).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String ownJar() {
        try {
            return new File(Status.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getAbsolutePath();
        } catch (Exception e) {
            return "dnspatch-agent.jar";
        }
    }
}
