package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.HelloApp;
import dev.dnspatch.it.apps.ProbeApp;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's claims that drift most easily, checked against the code and the jar. It compares
 * and never rewrites: the README stays written by hand, and a failure says which claim to mend.
 */
class ReadmeClaimsTest {
    private static final Path ROOT = Paths.get(System.getProperty("dnspatch.root", "..")).toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("README.md");
    /** A size the README rounds may differ from the jar by this much before the text must change. */
    private static final double JAR_SIZE_TOLERANCE = 0.02;

    @TempDir
    static Path dir;

    @Test
    void theJarSizeTheReadmeQuotesIsTheJarsSizeRounded() throws IOException {
        long actualKib = Files.size(ForkedJvm.agentJar()) / 1024;
        Matcher claim = Pattern.compile("(?:jar|`dnspatch-agent\\.jar`) (?:is )?\\(?about (\\d+) KiB").matcher(readme());
        List<String> wrong = new ArrayList<>();
        int claims = 0;
        while (claim.find()) {
            claims++;
            long claimed = Long.parseLong(claim.group(1));
            if (Math.abs(claimed - actualKib) > actualKib * JAR_SIZE_TOLERANCE) {
                wrong.add("'" + claim.group() + "'");
            }
        }
        assertTrue(claims > 0, "the README quotes no jar size ('jar is about N KiB')");
        assertEquals(List.of(), wrong, "the jar is " + actualKib + " KiB; the README says otherwise");
    }

    @Test
    void everyTestClassTheReadmeNamesExists() throws IOException {
        Set<String> named = matches("\\b([A-Z][A-Za-z0-9]*Test)\\b");
        Set<String> missing = new TreeSet<>();
        for (String name : named) {
            try (Stream<Path> files = Stream.concat(Files.walk(ROOT.resolve("agent/src/test")),
                    Files.walk(ROOT.resolve("integration-tests/src/test")))) {
                if (files.noneMatch(file -> file.getFileName().toString().equals(name + ".java"))) {
                    missing.add(name);
                }
            }
        }
        assertFalse(named.isEmpty(), "the README names no test");
        assertEquals(Set.of(), missing, "test classes the README names that do not exist");
    }

    /** Markdown links, and paths in code spans that start at one of the repository's top folders. */
    @Test
    void everyFileTheReadmeLinksOrNamesExists() throws IOException {
        Set<String> paths = matches("\\]\\((?!https?:|mailto:|#)([^)#\\s]+)");
        List<String> roots = List.of("agent/", "integration-tests/", "examples/", "scripts/", ".ci/", ".github/");
        for (String span : matches("`([A-Za-z0-9._/-]+)`")) {
            if (roots.stream().anyMatch(span::startsWith) && !span.contains("/target/") && !span.endsWith("/")) {
                paths.add(span);
            }
        }
        Set<String> missing = paths.stream().filter(path -> !Files.exists(ROOT.resolve(path)))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "files the README links or names that do not exist");
    }

    /** Each row of the option table against the options the agent's parser knows, in all three spellings. */
    @Test
    void theOptionTableListsExactlyTheOptionsTheParserKnows() throws Exception {
        String options = section("## Options");
        Set<String> documented = new TreeSet<>();
        for (String row : options.lines().filter(line -> line.startsWith("| ") && line.contains("`")).toList()) {
            String[] cells = row.split("\\|");
            documented.add(code(cells[2]) + " " + code(cells[3]) + " " + code(cells[4]));
        }
        Set<String> known = new TreeSet<>();
        try (URLClassLoader agent = new URLClassLoader(new URL[] {ForkedJvm.agentJar().toUri().toURL()}, null)) {
            Class<?> option = Class.forName("dev.dnspatch.config.Option", true, agent);
            for (Object constant : option.getEnumConstants()) {
                known.add(option.getMethod("argName").invoke(constant) + "= "
                        + option.getMethod("propertyName").invoke(constant) + " "
                        + option.getMethod("envName").invoke(constant));
            }
        }
        assertEquals(known, documented, "the README's option table against dev.dnspatch.config.Option");
    }

    /** The bad-input examples: each error line the README quotes is what the agent prints for its input. */
    @Test
    void theErrorLinesTheReadmeQuotesAreWhatTheAgentPrints() throws Exception {
        Path java = Jdks.require(25);
        List<String> printed = new ArrayList<>();
        printed.addAll(ForkedJvm.on(java).withAgent("host=db.example.com").run(HelloApp.class.getName()).stderrLines());
        printed.addAll(ForkedJvm.on(java).withAgent("hosts=db.example.com,mode=ipv4_only").run(HelloApp.class.getName())
                .stderrLines());
        printed.addAll(ForkedJvm.on(java).withAgent(null).env("DNSPATCH_HOST", "db.example.com")
                .run(HelloApp.class.getName()).stderrLines());
        assertEquals(3, printed.size(), "one line each: " + printed);

        List<String> quoted = codeLines().stream().filter(line -> line.startsWith("[dnspatch] error: ")).toList();
        assertEquals(printed, quoted, "the README's example error lines against what the agent prints");
    }

    /** The lines the README shows for a host left no address of the wanted family. */
    @Test
    void theNothingLeftLinesTheReadmeQuotesAreWhatTheAgentPrints() throws Exception {
        Namespace.assumeAvailable();
        Namespace namespace = Namespace.withHosts(dir, "2001:db8::2 v6only.example.test");
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(25)).in(namespace).withAgent("hosts=*.example.test")
                .run(ProbeApp.class.getName(), "v6only.example.test");
        String exception = run.line("resolve v6only.example.test").replaceFirst("^failed ", "");
        String warning = run.stderrLines().stream().filter(line -> line.startsWith("[dnspatch] warning: "))
                .findFirst().orElse("(no warning line)");

        List<String> code = codeLines();
        assertTrue(code.contains(exception), "the README does not quote the exception the app gets:\n" + exception);
        assertTrue(code.contains(warning), "the README does not quote the warning the agent prints:\n" + warning);
    }

    private static String readme() throws IOException {
        return Files.readString(README, StandardCharsets.UTF_8);
    }

    /** The README's lines inside ``` blocks. */
    private static List<String> codeLines() throws IOException {
        List<String> lines = new ArrayList<>();
        boolean inside = false;
        for (String line : readme().lines().toList()) {
            if (line.startsWith("```")) {
                inside = !inside;
            } else if (inside) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** From a heading to the next heading of the same level. */
    private static String section(String heading) throws IOException {
        String text = readme();
        int start = text.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "no section " + heading);
        int end = text.indexOf("\n" + heading.substring(0, heading.indexOf(' ')) + " ", start + heading.length() + 2);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static Set<String> matches(String regex) throws IOException {
        Matcher matcher = Pattern.compile(regex).matcher(readme());
        Set<String> found = new TreeSet<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** The first code span of a table cell. */
    private static String code(String cell) {
        Matcher matcher = Pattern.compile("`([^`]+)`").matcher(cell);
        return matcher.find() ? matcher.group(1) : cell.trim();
    }
}
