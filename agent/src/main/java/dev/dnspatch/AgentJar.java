package dev.dnspatch;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Bytes dnspatch defines itself, read from the jar it came in: the bridge it adds to
 * {@code java.net}, and the classes of its own modules on JDK 9+ ({@code dev.dnspatch.javanet}).
 *
 * <p>Read from the file, not as class path resources: a resource opens a URL connection, some 15
 * JDK classes more on the first use. Read once and kept: a later use (an attach, the first Netty
 * class, the first lookup) may come long after the jar on disk was replaced or removed. Where it
 * cannot be read directly, the agent's own class loader, which holds the jar open, still can.
 */
public final class AgentJar {
    private static final Map<String, byte[]> READ = new ConcurrentHashMap<>();

    private AgentJar() {
    }

    /** The entry at {@code path} ({@code dev/dnspatch/...}), whole. */
    public static byte[] read(String path) throws Exception {
        byte[] bytes = READ.get(path);
        if (bytes == null) {
            try {
                bytes = fromFile(path);
            } catch (Exception unreadable) {
                try (InputStream in = AgentJar.class.getClassLoader().getResourceAsStream(path)) {
                    if (in == null) {
                        throw unreadable;
                    }
                    bytes = readAll(in);
                }
            }
            READ.put(path, bytes);
        }
        return bytes;
    }

    private static byte[] fromFile(String path) throws Exception {
        CodeSource source = AgentJar.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("the agent's jar cannot be located");
        }
        File location = new File(source.getLocation().toURI());
        if (location.isDirectory()) {
            try (InputStream in = new FileInputStream(new File(location, path))) {
                return readAll(in);
            }
        }
        try (ZipFile jar = new ZipFile(location)) {
            ZipEntry entry = jar.getEntry(path);
            if (entry == null) {
                throw new IOException(location + " has no " + path);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return readAll(in);
            }
        }
    }

    /** {@code InputStream.readAllBytes} is JDK 9. */
    private static byte[] readAll(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int length = 0;
        for (int read; (read = in.read(buffer, length, buffer.length - length)) > 0;) {
            length += read;
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
        }
        return Arrays.copyOf(buffer, length);
    }
}
