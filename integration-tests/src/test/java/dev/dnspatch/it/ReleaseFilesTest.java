package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.ReleaseFiles;
import dev.dnspatch.it.support.SourceTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a release publishes besides the image: SHA256SUMS, the sources and javadoc jars, and the POM
 * Maven Central gets.
 */
class ReleaseFilesTest {
    private static final List<String> SHIPPED = List.of("dnspatch-agent.jar", "dnspatch-agent-sources.jar",
            "dnspatch-agent-javadoc.jar", "dnspatch-agent-image.tar");

    @Test
    void sha256sumsListsEveryShippedFileWithItsDigest() throws IOException {
        List<String> lines = Files.readAllLines(ReleaseFiles.path("SHA256SUMS"));
        List<String> expected = new ArrayList<>();
        for (String name : SHIPPED) {
            expected.add(ImageTarballTest.sha256(Files.readAllBytes(ReleaseFiles.path(name))) + "  " + name);
        }

        assertEquals(expected, lines, "the format sha256sum -c reads: digest, two spaces, file name");
        assertTrue(Files.readString(ReleaseFiles.path("SHA256SUMS")).endsWith("image.tar\n"),
                "a text file ends with a newline");
        try (Stream<Path> files = Files.list(ReleaseFiles.dir())) {
            List<String> present = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("SHA256SUMS")).sorted().collect(Collectors.toList());
            assertEquals(SHIPPED.stream().sorted().collect(Collectors.toList()), present, "nothing unlisted");
        }
        assertArrayEquals(Files.readAllBytes(ForkedJvm.agentJar()), Files.readAllBytes(ReleaseFiles.path(
                "dnspatch-agent.jar")), "the released jar is the one the tests ran");
    }

    @Test
    void sourcesJarHoldsEveryMainSourceFileAsItIs() throws IOException {
        Path sources = SourceTree.root().resolve("agent/src/main/java");
        List<String> missing = new ArrayList<>();
        try (JarFile jar = new JarFile(ReleaseFiles.path("dnspatch-agent-sources.jar").toFile());
                Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                JarEntry entry = jar.getJarEntry(sources.relativize(file).toString().replace('\\', '/'));
                if (entry == null) {
                    missing.add(file.toString());
                } else {
                    assertArrayEquals(Files.readAllBytes(file), jar.getInputStream(entry).readAllBytes(),
                            file.toString());
                }
            }
            for (JarEntry entry : Collections.list(jar.entries())) {
                assertFalse(entry.getName().startsWith("dev/dnspatch/shaded/"), entry.getName());
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void javadocJarDocumentsTheAgentAndTheCommandLine() throws IOException {
        try (JarFile jar = new JarFile(ReleaseFiles.path("dnspatch-agent-javadoc.jar").toFile())) {
            for (String page : List.of("index.html", "dev/dnspatch/Agent.html", "dev/dnspatch/cli/Main.html")) {
                assertNotNull(jar.getEntry(page), page);
            }
        }
    }

    /**
     * Everything is shaded, so the POM users resolve names no dependency a build would fetch; it
     * still names the parent, which carries what Maven Central requires of every POM.
     */
    @Test
    void publishedPomNamesNoDependencyAndTheParentCarriesCentralsMetadata() throws Exception {
        Document agent = xml(SourceTree.root().resolve("agent/target/dependency-reduced-pom.xml"));
        NodeList dependencies = agent.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            assertEquals("test", text(dependency, "scope"),
                    "a dependency users would get: " + text(dependency, "artifactId"));
        }
        assertEquals("dnspatch-parent", text((Element) agent.getElementsByTagName("parent").item(0), "artifactId"));

        Element parent = xml(SourceTree.root().resolve("pom.xml")).getDocumentElement();
        for (String required : List.of("name", "description", "url", "licenses", "developers", "scm",
                "issueManagement")) {
            assertFalse(text(parent, required).isBlank(), required + " is required by Maven Central");
        }
    }

    /** The README, the pages of docs/ and the examples pin the release image and the Maven coordinates: this release's. */
    @Test
    void docsAndExamplesNameThisRelease() throws IOException {
        Pattern pinned = Pattern.compile("dnspatch-agent:(\\d[^\\s\"'`/)]*)|<version>([^<]+)</version>");
        List<Path> files = new ArrayList<>(List.of(SourceTree.root().resolve("README.md")));
        for (String folder : List.of("docs", "examples")) {
            try (Stream<Path> found = Files.walk(SourceTree.root().resolve(folder))) {
                found.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        List<String> wrong = new ArrayList<>();
        int found = 0;
        for (Path file : files) {
            Matcher matcher = pinned.matcher(Files.readString(file));
            while (matcher.find()) {
                String version = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                found++;
                if (!version.equals(SourceTree.version())) {
                    wrong.add(SourceTree.root().relativize(file) + ": " + matcher.group());
                }
            }
        }
        assertEquals(List.of(), wrong, "not " + SourceTree.version());
        assertTrue(found >= 4, "the README, docs/ and the examples pin " + found + " versions");
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    /** The text of a direct child element, or "". */
    private static String text(Element parent, String child) {
        for (org.w3c.dom.Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && ((Element) node).getTagName().equals(child)) {
                return node.getTextContent().trim();
            }
        }
        return "";
    }
}
