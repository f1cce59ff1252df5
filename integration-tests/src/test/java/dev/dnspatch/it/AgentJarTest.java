package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.SourceTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;

/** The jar users download: what it holds, and what it does not. */
class AgentJarTest {
    private static final int JAVA_8 = 52;
    private static final int JAVA_9 = 53;
    private static final int JAVA_18 = 62;
    private static final long CONFIGMAP_LIMIT = 1024 * 1024;
    private static final double CONFIGMAP_SHARE = 0.95;
    private static final String NESTED = "dev/dnspatch/cli.jar";

    @Test
    void holdsOnlyDnspatchClassesAndItsOwnMetaInf() throws IOException {
        List<String> strays = new ArrayList<>();
        for (Entry entry : everyEntry()) {
            String name = entry.name;
            boolean ours = name.startsWith("dev/dnspatch/") || name.equals("dev/");
            boolean meta = name.equals("META-INF/") || name.equals("META-INF/MANIFEST.MF")
                    || name.startsWith("META-INF/services/") || name.startsWith("META-INF/licenses/")
                    || name.equals("META-INF/LICENSE") || name.equals("META-INF/NOTICE");
            if (!ours && !meta) {
                strays.add(entry.toString());
            }
            assertTrue(!name.startsWith("META-INF/versions/"), "multi-release entry " + entry);
        }
        assertEquals(List.of(), strays, "entries outside dev/dnspatch and META-INF");
    }

    /**
     * What only {@code java -jar} uses (the command line, doctor's dnsjava and SLF4J) is in the
     * nested {@code dev/dnspatch/cli.jar}, and nothing of it beside: an agent start opens a jar of
     * the agent's own classes and Byte Buddy.
     */
    @Test
    void theCommandLineAndWhatOnlyItUsesAreNested() throws IOException {
        List<String> misplaced = new ArrayList<>();
        int outer = 0;
        int nested = 0;
        for (Entry entry : everyEntry()) {
            boolean commandLine = entry.name.startsWith("dev/dnspatch/cli/")
                    || entry.name.startsWith("dev/dnspatch/shaded/org/xbill/")
                    || entry.name.startsWith("dev/dnspatch/shaded/org/slf4j/");
            if (commandLine != entry.nested) {
                misplaced.add(entry.toString());
            }
            outer += entry.nested ? 0 : 1;
            nested += entry.nested ? 1 : 0;
        }
        assertEquals(List.of(), misplaced, "entries on the wrong side of " + NESTED);
        System.out.println("AgentJarTest: " + outer + " entries, " + nested + " more in " + NESTED);
        assertTrue(nested > outer, "the command line's share is most of the entries: " + outer + " and " + nested);
    }

    @Test
    void everyServiceFileIsRelocatedAndTheResolverServiceNamesOnlyDnspatch() throws IOException {
        int serviceFiles = 0;
        for (Entry entry : everyEntry()) {
            if (!entry.name.startsWith("META-INF/services/") || entry.directory) {
                continue;
            }
            serviceFiles++;
            String service = entry.name.substring("META-INF/services/".length());
            String body = entry.text().trim();
            if (service.equals("java.net.spi.InetAddressResolverProvider")) {
                assertTrue(!entry.nested, "the resolver service must be in the jar itself: " + entry);
                assertEquals("dev.dnspatch.spi.DnspatchResolverProvider", body);
            } else {
                assertTrue(service.startsWith("dev.dnspatch."), "service not relocated: " + entry);
                for (String provider : body.split("\\R")) {
                    assertTrue(provider.startsWith("dev.dnspatch."), "provider not relocated: " + provider);
                }
            }
        }
        assertTrue(serviceFiles > 0, "no service file at all: the resolver provider is not registered");
    }

    /**
     * doctor's dnsjava is inside, relocated, without the service files that would make it the
     * JVM's resolver (or a JDK 8 name service) wherever the jar is on the class path.
     */
    @Test
    void dnsjavaIsRelocatedWithoutItsResolverRegistrations() throws IOException {
        List<Entry> entries = everyEntry();
        assertTrue(entries.stream().anyMatch(e -> e.name.equals("dev/dnspatch/shaded/org/xbill/DNS/SimpleResolver.class")),
                "no relocated dnsjava");
        for (Entry entry : entries) {
            assertTrue(!entry.name.equals("META-INF/services/sun.net.spi.nameservice.NameServiceDescriptor"),
                    "a JDK 8 name service is registered: " + entry);
            if (entry.name.startsWith("META-INF/services/") && !entry.directory) {
                assertTrue(!entry.text().contains("xbill"), entry + " registers dnsjava");
            }
        }
        System.out.println("AgentJarTest: " + ForkedJvm.agentJar().getFileName() + " is "
                + ForkedJvm.agentJar().toFile().length() / 1024 + " KiB");
    }

    /**
     * The Kubernetes recipe of docs/containers.md keeps the jar in a ConfigMap, which holds 1 MiB at most, and
     * {@code kubectl create configmap --from-file} stores a jar base64-encoded as binaryData. Any
     * growth must be weighed against that: this fails with room still left for the object's name
     * and metadata.
     */
    @Test
    void fitsAKubernetesConfigMapWithRoomToSpare() throws IOException {
        long base64 = (Files.size(ForkedJvm.agentJar()) + 2) / 3 * 4;
        double share = base64 / (double) CONFIGMAP_LIMIT;
        System.out.printf("AgentJarTest: base64 of the jar is %,d bytes, %.1f%% of a ConfigMap's 1 MiB%n", base64,
                share * 100);
        assertTrue(share <= CONFIGMAP_SHARE, String.format("the jar's base64 is %.1f%% of a ConfigMap's 1 MiB,"
                + " above %.0f%%: the ConfigMap recipe of docs/containers.md would break", share * 100, CONFIGMAP_SHARE * 100));
    }

    @Test
    void manifestNamesEveryEntryPoint() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.dnspatch.Agent", main.getValue("Premain-Class"));
            assertEquals("dev.dnspatch.Agent", main.getValue("Agent-Class"));
            assertEquals("dev.dnspatch.CommandLine", main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertNotNull(main.getValue("Implementation-Version"));
            assertEquals(null, main.getValue("Multi-Release"));
            assertEquals(null, main.getValue("Boot-Class-Path"), "the agent never touches the boot class path");
        }
    }

    /** --version reads these; the commit is the one git names for this tree, asked independently. */
    @Test
    void manifestNamesTheCommitBuilt() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals(SourceTree.commit().orElse("none"), main.getValue("Build-Commit"));
            assertEquals(String.valueOf(SourceTree.commit().isPresent() && SourceTree.modified()),
                    main.getValue("Build-Commit-Modified"));
            assertEquals(SourceTree.version(), main.getValue("Implementation-Version"));
        }
    }

    /**
     * dnspatch's own entries carry the commit's time (zip times have two-second steps), never the
     * clock: half of what makes two builds of one commit identical. The bundled libraries' entries
     * keep the times their own jars give them.
     */
    @Test
    void ownEntriesCarryTheCommitTime() throws IOException {
        Instant commitTime = Instant.parse(SourceTree.commitTime().orElse("1980-01-01T00:00:02Z"));
        LocalDateTime utc = LocalDateTime.ofInstant(commitTime, ZoneOffset.UTC);
        LocalDateTime expected = utc.withSecond(utc.getSecond() / 2 * 2);
        List<String> wrong = new ArrayList<>();
        for (Entry entry : everyEntry()) {
            boolean bundled = entry.name.startsWith("dev/dnspatch/shaded/") || entry.name.equals("META-INF/licenses/ASM");
            if (!bundled && !entry.time.equals(expected)) {
                wrong.add(entry + " at " + entry.time);
            }
        }
        assertEquals(List.of(), wrong, "entries not at the commit time " + expected);
    }

    /**
     * The jar redistributes Byte Buddy (Apache-2.0, with a NOTICE), ASM and dnsjava (BSD) and SLF4J
     * (MIT), which all ask for their notices to travel with the binary. Compared with the texts in
     * the very dependency jars, so a version bump that changes them fails here.
     */
    @Test
    void carriesItsLicenceAndTheNoticesOfWhatItBundles() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            assertEquals(Files.readString(SourceTree.root().resolve("LICENSE")), read(jar, "META-INF/LICENSE"));
            assertEquals(entryOf("dnspatch.test.dnsjava", "META-INF/LICENSE"), read(jar, "META-INF/licenses/dnsjava"));
            assertEquals(entryOf("dnspatch.test.slf4j", "META-INF/LICENSE.txt"), read(jar, "META-INF/licenses/slf4j"));
            assertEquals(entryOf("dnspatch.test.bytebuddy", "META-INF/licenses/ASM"),
                    read(jar, "META-INF/licenses/ASM"));
            String notice = read(jar, "META-INF/NOTICE");
            assertTrue(notice.endsWith(entryOf("dnspatch.test.bytebuddy", "META-INF/NOTICE")), notice);
            for (String license : List.of("META-INF/LICENSE", "META-INF/licenses/ASM", "META-INF/licenses/dnsjava",
                    "META-INF/licenses/slf4j")) {
                assertTrue(notice.contains(license), "NOTICE does not point to " + license);
            }
        }
    }

    @Test
    void classesAreJava8BytecodeExceptTheResolverProviderAndTheJavaNetOpener() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Entry entry : everyEntry()) {
            if (!entry.name.endsWith(".class")) {
                continue;
            }
            int major = (entry.bytes[6] & 0xff) << 8 | (entry.bytes[7] & 0xff);
            int expected = entry.name.startsWith("dev/dnspatch/spi/") ? JAVA_18
                    : entry.name.startsWith("dev/dnspatch/javanet/") ? JAVA_9 : JAVA_8;
            if (major > expected || (expected != JAVA_8 && major != expected)) {
                wrong.add(entry + " is class file version " + major);
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** One entry of the jar, or of the jar nested in it. */
    private static final class Entry {
        final String name;
        final boolean nested;
        final boolean directory;
        final LocalDateTime time;
        final byte[] bytes;

        Entry(JarEntry entry, boolean nested, byte[] bytes) {
            this.name = entry.getName();
            this.nested = nested;
            this.directory = entry.isDirectory();
            this.time = entry.getTimeLocal();
            this.bytes = bytes;
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return nested ? NESTED + "!/" + name : name;
        }
    }

    /** Every entry of the jar and of its nested {@code dev/dnspatch/cli.jar}, in their order. */
    private static List<Entry> everyEntry() throws IOException {
        List<Entry> entries = new ArrayList<>();
        byte[] nested = null;
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                byte[] bytes;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                entries.add(new Entry(entry, false, bytes));
                nested = entry.getName().equals(NESTED) ? bytes : nested;
            }
        }
        assertNotNull(nested, NESTED + " is missing");
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(nested))) {
            for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
                entries.add(new Entry(entry, true, jar.readAllBytes()));
            }
        }
        return entries;
    }

    private static String read(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertNotNull(entry, name + " is missing");
        return read(jar, entry);
    }

    /** An entry of a dependency jar whose path the build passes in a system property. */
    private static String entryOf(String property, String name) throws IOException {
        try (JarFile jar = new JarFile(System.getProperty(property))) {
            return read(jar, name);
        }
    }

    private static String read(JarFile jar, JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
