package dev.dnspatch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * {@code java -jar dnspatch-agent.jar ...}: the command line ({@code dev.dnspatch.cli}, with
 * doctor's dnsjava and SLF4J) is a jar nested in this one, {@code dev/dnspatch/cli.jar}, and this
 * class loads it from memory and runs it. So every JVM the agent starts in opens a jar of about 150
 * entries, not 490, and the jar is about a quarter smaller (see docs/performance.md). Its classes get
 * this jar's protection domain: to the command line, it is still where they come from.
 */
public final class CommandLine extends ClassLoader {
    private static final String NESTED = "cli.jar";
    private static final String MAIN = "dev.dnspatch.cli.Main";

    private final Map<String, byte[]> entries;
    private final ProtectionDomain domain = CommandLine.class.getProtectionDomain();
    private final URLStreamHandler reader = new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL url) {
            return new URLConnection(url) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() throws IOException {
                    byte[] bytes = entries.get(url.getPath().substring(1));
                    if (bytes == null) {
                        throw new IOException(url + " is not in " + NESTED);
                    }
                    return new ByteArrayInputStream(bytes);
                }
            };
        }
    };

    private CommandLine(Map<String, byte[]> entries, ClassLoader parent) {
        super(parent);
        this.entries = entries;
    }

    public static void main(String[] args) throws Throwable {
        ClassLoader loader;
        try (InputStream nested = CommandLine.class.getResourceAsStream(NESTED)) {
            if (nested == null) {
                System.err.println("dnspatch: this jar has no " + NESTED + ": it is damaged; download it again");
                System.exit(1);
                return;
            }
            loader = new CommandLine(read(nested), CommandLine.class.getClassLoader());
        }
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class.forName(MAIN, true, loader).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // the command line's own failure, not the reflection around it
        }
    }

    private static Map<String, byte[]> read(InputStream nested) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        byte[] buffer = new byte[16384];
        try (JarInputStream jar = new JarInputStream(nested)) {
            for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (int n = jar.read(buffer); n > 0; n = jar.read(buffer)) {
                    bytes.write(buffer, 0, n);
                }
                entries.put(entry.getName(), bytes.toByteArray());
            }
        }
        return entries;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = entries.get(name.replace('.', '/') + ".class");
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    @Override
    protected URL findResource(String name) {
        if (!entries.containsKey(name)) {
            return null;
        }
        try {
            return new URL("dnspatch-cli", null, -1, "/" + name, reader);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
