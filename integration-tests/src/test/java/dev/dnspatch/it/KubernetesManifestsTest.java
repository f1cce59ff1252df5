package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dnspatch.it.apps.HelloApp;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.SourceTree;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * examples/kubernetes, checked without a cluster (none can run here). Every manifest is validated
 * offline against the Kubernetes API schema of each release the README names: the models of
 * Kubernetes' own Java client (io.kubernetes:client-java-api, from Maven Central), one major per
 * release, each generated from that release's OpenAPI document, which reject a field the release
 * does not define, a missing required field and a value of the wrong type, at every level of the
 * object. The ConfigMap way must pass on every release (1.30 and 1.33 to 1.36); the image volume on
 * 1.33 and later, and 1.30's schema, which has no image volumes, must reject it: the check can
 * fail. Then what the pod would do is checked where it can be: the agent path in JAVA_TOOL_OPTIONS
 * is where the volume puts the jar, and the manifest's environment, given to a real JVM with the
 * built jar at that path's place, switches the agent on with the hosts and mode it names. No pod
 * has run.
 */
class KubernetesManifestsTest {
    /** Every manifest, and the releases whose schema must accept it. */
    private static final Map<String, List<String>> ACCEPTED_BY = Map.of(
            "deployment.yaml", List.of("1.30", "1.33", "1.34", "1.35", "1.36"),
            "image-volume.yaml", List.of("1.33", "1.34", "1.35", "1.36"));
    private static final String JAR = "dnspatch-agent.jar";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ClassLoader> MODELS = new ConcurrentHashMap<>();

    @Test
    void everyManifestIsChecked() throws IOException {
        try (Stream<Path> files = Files.list(folder())) {
            assertEquals(new TreeSet<>(ACCEPTED_BY.keySet()), files.map(f -> f.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    static Stream<Arguments> accepted() {
        return ACCEPTED_BY.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().stream().map(release -> Arguments.of(e.getKey(), release)));
    }

    @ParameterizedTest(name = "{0} on Kubernetes {1}")
    @MethodSource("accepted")
    void validAgainstTheSchemaOfTheRelease(String manifest, String release) throws Exception {
        for (JsonNode object : objects(manifest)) {
            String problem = validate(object, release);
            System.out.println("[kubernetes] " + manifest + " " + object.path("kind").asText() + " on " + release
                    + ": " + (problem == null ? "valid" : problem));
            assertEquals(null, problem, manifest + " against Kubernetes " + release);
        }
    }

    @Test
    void theImageVolumeIsRejectedByAReleaseWithoutImageVolumes() throws Exception {
        String problem = validate(objects("image-volume.yaml").get(0), "1.30");
        System.out.println("[kubernetes] image-volume.yaml on 1.30: " + problem);
        assertNotNull(problem);
        assertTrue(problem.startsWith("The field `image` in the JSON string is not defined in the `V1Volume`"
                + " properties"), problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deployment.yaml", "image-volume.yaml"})
    void theAgentPathIsWhereTheVolumePutsTheJar(String manifest) throws Exception {
        JsonNode spec = objects(manifest).get(0).at("/spec/template/spec");
        JsonNode container = spec.at("/containers/0");
        String agentPath = env(container).get("JAVA_TOOL_OPTIONS").replaceFirst("^-javaagent:", "");
        JsonNode mount = container.at("/volumeMounts/0");
        assertEquals(mount.path("mountPath").asText() + "/" + JAR, agentPath);
        assertTrue(mount.path("readOnly").asBoolean(), manifest);
        JsonNode volume = spec.at("/volumes/0");
        assertEquals(mount.path("name").asText(), volume.path("name").asText());
        String comments = Files.readString(folder().resolve(manifest), StandardCharsets.UTF_8);
        if (volume.has("configMap")) {
            // kubectl create configmap NAME --from-file=dnspatch-agent.jar: the key, so the file name, is the jar's.
            String name = volume.at("/configMap/name").asText();
            assertTrue(comments.contains("kubectl create configmap " + name + " --from-file=" + JAR), comments);
        } else {
            // The release image holds /dnspatch-agent.jar (ImageTarballTest), mounted at its root.
            assertEquals("ghcr.io/dnspatch/dnspatch-agent:" + SourceTree.version(),
                    volume.at("/image/reference").asText());
        }
    }

    /** The container's environment, as the pod would have it, switches the built agent on in a real JVM. */
    @ParameterizedTest
    @ValueSource(strings = {"deployment.yaml", "image-volume.yaml"})
    void theEnvironmentSwitchesTheAgentOn(String manifest) throws Exception {
        Map<String, String> env = env(objects(manifest).get(0).at("/spec/template/spec/containers/0"));
        ForkedJvm jvm = ForkedJvm.on(Jdks.require(17));
        String toolOptions = env.get("JAVA_TOOL_OPTIONS").replaceFirst("/\\S*/" + JAR, ForkedJvm.agentJar().toString());
        jvm.env("JAVA_TOOL_OPTIONS", toolOptions);
        env.forEach((name, value) -> {
            if (name.startsWith("DNSPATCH_")) {
                jvm.env(name, value);
            }
        });
        ForkedJvm.Result run = jvm.run(HelloApp.class.getName());
        System.out.println("[kubernetes] " + manifest + "'s environment: " + run.stderrLines());
        assertEquals(0, run.exitCode, run.toString());
        assertEquals(List.of("hello from the app"), run.stdoutLines(), run.toString());
        assertEquals("Picked up JAVA_TOOL_OPTIONS: " + toolOptions, run.stderrLines().get(0), run.toString());
        assertTrue(run.stderrLines().get(1).startsWith("[dnspatch] dnspatch "), run.toString());
        assertTrue(run.stderrLines().get(1).contains(", mode=" + env.get("DNSPATCH_MODE") + ", hosts="
                + env.get("DNSPATCH_HOSTS") + ","), run.toString());
    }

    /** Null where this release's schema accepts the object, else its complaint. */
    private static String validate(JsonNode object, String release) throws Exception {
        ClassLoader models = MODELS.computeIfAbsent(release, KubernetesManifestsTest::models);
        String[] group = object.path("apiVersion").asText().split("/");
        String version = group[group.length - 1];
        Class<?> model = models.loadClass("io.kubernetes.client.openapi.models."
                + Character.toUpperCase(version.charAt(0)) + version.substring(1) + object.path("kind").asText());
        Object json = models.loadClass("com.google.gson.JsonParser").getMethod("parseString", String.class)
                .invoke(null, JSON.writeValueAsString(object));
        Method check;
        try {
            check = model.getMethod("validateJsonElement", models.loadClass("com.google.gson.JsonElement"));
        } catch (NoSuchMethodException olderGenerator) {
            check = model.getMethod("validateJsonObject", models.loadClass("com.google.gson.JsonObject"));
        }
        try {
            check.invoke(null, json);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause().getMessage();
        }
    }

    /** Kubernetes' Java client models of this release, with Gson, in a loader of their own. */
    private static ClassLoader models(String release) {
        Path dir = Paths.get(System.getProperty("dnspatch.test.kubernetes-api", "target/kubernetes-api"));
        Path api = dir.resolve(release).resolve("client-java-api.jar");
        assertTrue(Files.isRegularFile(api), "not copied: " + api + " (run mvn verify from the top)");
        try {
            return new URLClassLoader(new URL[] {api.toUri().toURL(), dir.resolve("gson.jar").toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> objects(String manifest) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).readValues(folder().resolve(manifest).toFile())) {
            while (documents.hasNext()) {
                objects.add((JsonNode) documents.next());
            }
        }
        return objects;
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    private static Path folder() {
        return Paths.get(System.getProperty("dnspatch.examples", "../examples"), "kubernetes").toAbsolutePath()
                .normalize();
    }
}
