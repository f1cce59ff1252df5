package dev.dnspatch.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;

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

    private List<String> status() {
        try {
            return Files.readAllLines(PROC.resolve(pid).resolve("status"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Collections.emptyList();
        }
    }
}
