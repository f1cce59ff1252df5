package dev.dnspatch.cli;

import java.io.File;
import java.net.URL;
import java.security.CodeSource;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The commit this jar was built from, as {@code --version} says it. The build writes it into the
 * manifest (not a timestamp or a host name), so the same commit still gives the same jar. Read from
 * this class's own jar, whatever else is on the class path.
 */
final class BuildCommit {
    static final String COMMIT = "Build-Commit";
    static final String MODIFIED = "Build-Commit-Modified";
    private static final int SHORT_LENGTH = 7;

    private BuildCommit() {
    }

    static String describe() {
        Attributes manifest = ownManifest();
        if (manifest == null) {
            return "commit unknown: not run from the dnspatch jar";
        }
        return describe(manifest.getValue(COMMIT), manifest.getValue(MODIFIED));
    }

    static String describe(String commit, String modified) {
        if (commit == null || !commit.matches("[0-9a-f]{40}")) {
            return "commit unknown: built outside git";
        }
        return "commit " + commit.substring(0, SHORT_LENGTH) + ("true".equals(modified) ? " with local changes" : "");
    }

    private static Attributes ownManifest() {
        try {
            CodeSource source = BuildCommit.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return null;
            }
            File file = new File(location.toURI());
            if (!file.isFile()) {
                return null;
            }
            try (JarFile jar = new JarFile(file)) {
                Manifest manifest = jar.getManifest();
                return manifest == null ? null : manifest.getMainAttributes();
            }
        } catch (Exception e) {
            return null;
        }
    }
}
