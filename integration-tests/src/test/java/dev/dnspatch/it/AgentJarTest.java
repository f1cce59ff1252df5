package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.support.ForkedJvm;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The jar users download: what it holds, and what it does not. */
class AgentJarTest {
    private static final int JAVA_8 = 52;
    private static final int JAVA_9 = 53;
    private static final int JAVA_18 = 62;

    @Test
    void holdsOnlyDnspatchClassesAndItsOwnMetaInf() throws IOException {
        List<String> strays = new ArrayList<>();
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                boolean ours = name.startsWith("dev/dnspatch/") || name.equals("dev/");
                boolean meta = name.equals("META-INF/") || name.equals("META-INF/MANIFEST.MF")
                        || name.startsWith("META-INF/services/") || name.startsWith("META-INF/licenses/")
                        || name.equals("META-INF/LICENSE") || name.equals("META-INF/NOTICE");
                if (!ours && !meta) {
                    strays.add(name);
                }
                assertTrue(!name.startsWith("META-INF/versions/"), "multi-release entry " + name);
            }
        }
        assertEquals(List.of(), strays, "entries outside dev/dnspatch and META-INF");
    }

    @Test
    void everyServiceFileIsRelocatedAndTheResolverServiceNamesOnlyDnspatch() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.startsWith("META-INF/services/") || entry.isDirectory()) {
                    continue;
                }
                String service = name.substring("META-INF/services/".length());
                String body = read(jar, entry).trim();
                if (service.equals("java.net.spi.InetAddressResolverProvider")) {
                    assertEquals("dev.dnspatch.spi.DnspatchResolverProvider", body);
                } else {
                    assertTrue(service.startsWith("dev.dnspatch."), "service not relocated: " + service);
                    for (String provider : body.split("\\R")) {
                        assertTrue(provider.startsWith("dev.dnspatch."), "provider not relocated: " + provider);
                    }
                }
            }
        }
    }

    /**
     * doctor's dnsjava is inside, relocated, without the service files that would make it the
     * JVM's resolver (or a JDK 8 name service) wherever the jar is on the class path.
     */
    @Test
    void dnsjavaIsRelocatedWithoutItsResolverRegistrations() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            assertNotNull(jar.getEntry("dev/dnspatch/shaded/org/xbill/DNS/SimpleResolver.class"));
            assertEquals(null, jar.getEntry("META-INF/services/sun.net.spi.nameservice.NameServiceDescriptor"));
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().startsWith("META-INF/services/") && !entry.isDirectory()) {
                    assertTrue(!read(jar, entry).contains("xbill"), entry.getName() + " registers dnsjava");
                }
            }
        }
        System.out.println("AgentJarTest: " + ForkedJvm.agentJar().getFileName() + " is "
                + ForkedJvm.agentJar().toFile().length() / 1024 + " KiB");
    }

    @Test
    void manifestNamesEveryEntryPoint() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.dnspatch.Agent", main.getValue("Premain-Class"));
            assertEquals("dev.dnspatch.Agent", main.getValue("Agent-Class"));
            assertEquals("dev.dnspatch.cli.Main", main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertNotNull(main.getValue("Implementation-Version"));
            assertEquals(null, main.getValue("Multi-Release"));
            assertEquals(null, main.getValue("Boot-Class-Path"), "the agent never touches the boot class path");
        }
    }

    @Test
    void classesAreJava8BytecodeExceptTheResolverProviderAndTheJavaNetOpener() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                int major;
                try (DataInputStream in = new DataInputStream(jar.getInputStream(entry))) {
                    in.readInt();
                    in.readUnsignedShort();
                    major = in.readUnsignedShort();
                }
                int expected = entry.getName().startsWith("dev/dnspatch/spi/") ? JAVA_18
                        : entry.getName().startsWith("dev/dnspatch/javanet/") ? JAVA_9 : JAVA_8;
                if (major > expected || (expected != JAVA_8 && major != expected)) {
                    wrong.add(entry.getName() + " is class file version " + major);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static String read(JarFile jar, JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
