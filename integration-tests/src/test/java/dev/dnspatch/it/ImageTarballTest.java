package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.ReleaseFiles;
import dev.dnspatch.it.support.SourceTree;
import dev.dnspatch.it.support.Tarball;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image tarball the build writes (dist/target/release/dnspatch-agent-image.tar), opened as a
 * registry or a container runtime would: its layers hold the very jar the build made and the
 * licence, nothing else, and every digest in it is the digest of what it names.
 */
class ImageTarballTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, byte[]> tarball;
    private static JsonNode manifest;
    private static JsonNode config;

    @BeforeAll
    static void open() throws IOException {
        tarball = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(ReleaseFiles.path("dnspatch-agent-image.tar"))) {
            for (Tarball.Entry entry : Tarball.read(in)) {
                tarball.put(entry.name, entry.content);
            }
        }
        JsonNode manifests = JSON.readTree(tarball.get("manifest.json"));
        assertEquals(1, manifests.size(), "one image in the tarball: " + manifests);
        manifest = manifests.get(0);
        config = JSON.readTree(tarball.get(manifest.get("Config").asText()));
    }

    @Test
    void layersHoldTheBuiltJarAndTheLicenceAndNothingElse() throws IOException {
        Map<String, Tarball.Entry> files = new LinkedHashMap<>();
        for (JsonNode layer : manifest.get("Layers")) {
            for (Tarball.Entry entry : Tarball.read(new GZIPInputStream(new ByteArrayInputStream(blob(layer))))) {
                files.put(entry.name.replaceFirst("^\\./", "").replaceFirst("^/", ""), entry);
            }
        }

        assertEquals(List.of("dnspatch-agent.jar", "LICENSE"), new ArrayList<>(files.keySet()));
        assertArrayEquals(Files.readAllBytes(ForkedJvm.agentJar()), files.get("dnspatch-agent.jar").content,
                "/dnspatch-agent.jar is not the jar in agent/target");
        assertArrayEquals(Files.readAllBytes(SourceTree.root().resolve("LICENSE")), files.get("LICENSE").content);
        long commitTime = Instant.parse(SourceTree.commitTime().orElse("1980-01-01T00:00:02Z")).getEpochSecond();
        for (Tarball.Entry file : files.values()) {
            assertTrue(file.isRegularFile(), file.toString());
            assertEquals(0644, file.mode & 07777, file + ": readable by any user the pod runs as");
            assertEquals(0, file.uid, file.toString());
            assertEquals(0, file.gid, file.toString());
            assertEquals(commitTime, file.mtimeSeconds, file + ": the commit's time, not the build's");
        }
    }

    /** What a registry checks on push, and a runtime on pull. */
    @Test
    void everyDigestIsTheDigestOfWhatItNames() throws IOException {
        List<String> diffIds = new ArrayList<>();
        for (JsonNode layer : manifest.get("Layers")) {
            String name = layer.asText();
            byte[] compressed = blob(layer);
            assertEquals(name.replace(".tar.gz", ""), sha256(compressed), "layer file name is its digest");
            diffIds.add("sha256:" + sha256(new GZIPInputStream(new ByteArrayInputStream(compressed)).readAllBytes()));
        }
        List<String> configured = new ArrayList<>();
        config.get("rootfs").get("diff_ids").forEach(id -> configured.add(id.asText()));
        assertEquals(diffIds, configured, "the config's diff_ids are the uncompressed layers' digests");
    }

    /** No entrypoint: the image is a source of a file, not something to run. */
    @Test
    void configNamesTheReleaseAndTheCommitAndRunsNothing() {
        String revision = SourceTree.commit().orElse("none");
        JsonNode labels = config.get("config").get("Labels");

        assertEquals("linux", config.get("os").asText());
        assertFalse(config.get("config").has("Entrypoint") && !config.get("config").get("Entrypoint").isNull(),
                config.toString());
        assertFalse(config.get("config").has("Cmd") && !config.get("config").get("Cmd").isNull(), config.toString());
        assertEquals(SourceTree.commitTime().orElse("1980-01-01T00:00:02Z"), config.get("created").asText());
        assertEquals(SourceTree.version(), labels.get("org.opencontainers.image.version").asText());
        assertEquals(revision, labels.get("org.opencontainers.image.revision").asText());
        assertEquals("https://github.com/dnspatch/dnspatch", labels.get("org.opencontainers.image.source").asText());
        assertEquals("ghcr.io/dnspatch/dnspatch-agent:" + SourceTree.version(),
                manifest.get("RepoTags").get(0).asText());
    }

    private static byte[] blob(JsonNode layer) {
        byte[] blob = tarball.get(layer.asText());
        assertTrue(blob != null, "layer " + layer + " is missing from the tarball: " + tarball.keySet());
        return blob;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
