package dev.dnspatch.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands run as other users, for tests of what a JVM of another user allows: {@code setpriv},
 * as root, with the accounts {@code nobody} (65534) and {@code postgres} (101) that the machine has.
 */
public final class OtherUsers {
    public static final int NOBODY = 65534;
    public static final int POSTGRES = 101;
    private static final int POSTGRES_GROUP = 104;

    private OtherUsers() {
    }

    /** Skips the calling test, with the reason printed, where this is not root or the accounts are missing. */
    public static void assumeAvailable() throws IOException {
        boolean root = "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
        String passwd = Files.readString(Path.of("/etc/passwd"));
        boolean accounts = passwd.contains("\nnobody:x:65534:") && passwd.contains("\npostgres:x:101:104:");
        String reason = "running JVMs as two other users takes root and the accounts nobody (65534) and postgres (101)";
        if (!root || !accounts) {
            System.out.println("[skipped] " + reason);
        }
        assumeTrue(root && accounts, reason);
    }

    /** The command, run as {@code uid} ({@link #NOBODY} or {@link #POSTGRES}) with that user's group. */
    public static List<String> as(int uid, List<String> command) {
        int gid = uid == POSTGRES ? POSTGRES_GROUP : uid;
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "--"));
        wrapped.addAll(command);
        return wrapped;
    }
}
