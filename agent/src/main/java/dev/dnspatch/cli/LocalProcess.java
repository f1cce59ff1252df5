package dev.dnspatch.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Linux's {@code /proc} says about a process, asked before the Attach API is: the API starts
 * by sending the target {@code SIGQUIT}, which kills a process that does not handle it, and its
 * errors for a missing process or another user's do not say so plainly. Where there is no
 * {@code /proc} (not Linux) every answer is "unknown" and the Attach API has the last word.
 */
final class LocalProcess {
    private static final long SIGQUIT = 1L << (3 - 1);
    private static final Path PROC = Paths.get("/proc");

    private final String pid;

    LocalProcess(String pid) {
        this.pid = pid;
    }

    String pid() {
        return pid;
    }

    static boolean procAvailable() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    /** This process's own id, or null where it cannot be told. */
    static String self() {
        try {
            return procAvailable() ? new File("/proc/self").getCanonicalFile().getName() : null;
        } catch (IOException e) {
            return null;
        }
    }

    boolean exists() {
        return !procAvailable() || Files.isDirectory(PROC.resolve(pid));
    }

    /** The process's user id, or -1 where it cannot be read. */
    int uid() {
        return uidOf(PROC.resolve(pid));
    }

    static int ownUid() {
        return uidOf(PROC.resolve("self"));
    }

    private static int uidOf(Path proc) {
        try {
            return procAvailable() ? (Integer) Files.getAttribute(proc, "unix:uid") : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The user name behind a user id, from /etc/passwd, or the number. */
    static String userName(int uid) {
        try {
            for (String line : Files.readAllLines(Paths.get("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[2].equals(String.valueOf(uid))) {
                    return fields[0];
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the number
        }
        return "uid " + uid;
    }

    /** False only when {@code /proc} shows that the process does not catch SIGQUIT: no JVM would. */
    boolean catchesSigquit() {
        for (String line : status()) {
            if (line.startsWith("SigCgt:")) {
                try {
                    return (Long.parseLong(line.substring("SigCgt:".length()).trim(), 16) & SIGQUIT) != 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return true;
    }

    /** The process's command name, or an empty string. */
    String name() {
        for (String line : status()) {
            if (line.startsWith("Name:")) {
                return line.substring("Name:".length()).trim();
            }
        }
        return "";
    }

    /** The process's id in its own PID namespace (inside a container), or its id where it has none. */
    String nsPid() {
        for (String line : status()) {
            if (line.startsWith("NSpid:")) {
                String[] ids = line.substring("NSpid:".length()).trim().split("\\s+");
                return ids[ids.length - 1];
            }
        }
        return pid;
    }

    /**
     * The JVM's perf-data file, where {@code jps} finds it: {@code /tmp/hsperfdata_USER/PID} as the
     * process sees it, through its own root (a container's {@code /tmp} too) and named by its id
     * there; this machine's {@code /tmp} where that root is closed to us (another user's process).
     * Null where there is none: not a JVM, or one started with {@code -XX:-UsePerfData}.
     */
    Path perfFile() {
        Path root = PROC.resolve(pid).resolve("root");
        if (procAvailable() && Files.isReadable(root)) {
            return perfFile(root.resolve("tmp"), nsPid());
        }
        return perfFile(Paths.get(procAvailable() ? "/tmp" : System.getProperty("java.io.tmpdir")), pid);
    }

    private static Path perfFile(Path tmp, String id) {
        try (DirectoryStream<Path> users = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
            for (Path user : users) {
                Path file = user.resolve(id);
                if (Files.exists(file)) {
                    return file;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no such folder, or not ours to read
        }
        return null;
    }

    /** The process's environment as it started, or an empty map where it cannot be read. */
    Map<String, String> environment() {
        Map<String, String> variables = new HashMap<>();
        try {
            byte[] bytes = Files.readAllBytes(PROC.resolve(pid).resolve("environ"));
            for (String entry : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    variables.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            variables.clear();
        }
        return variables;
    }

    /** Whether the process has the HotSpot library mapped: a JVM, whether or not it has perf data. */
    boolean runsAJvm() {
        try {
            for (String line : Files.readAllLines(PROC.resolve(pid).resolve("maps"), StandardCharsets.UTF_8)) {
                if (line.endsWith("/libjvm.so")) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** A path as the process sees it (in its container, relative to its working directory), from here. */
    Path fromHere(String path) {
        Path own = PROC.resolve(pid);
        if (!procAvailable()) {
            return Paths.get(path);
        }
        return path.startsWith("/") ? own.resolve("root").resolve(path.substring(1)) : own.resolve("cwd").resolve(path);
    }

    /** The ids of the local processes, where /proc lists them. */
    static List<String> all() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.matches("[1-9][0-9]*")) {
                    ids.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            ids.clear();
        }
        return ids;
    }

    private List<String> status() {
        try {
            return Files.readAllLines(PROC.resolve(pid).resolve("status"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Collections.emptyList();
        }
    }
}
