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
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claims of the README and of every page of {@code docs/} that drift most easily, checked
 * against the code, the jar and each other. It compares and never rewrites: the pages stay written
 * by hand, and a failure names the page and the claim to mend.
 */
class DocsClaimsTest {
    private static final Path ROOT = Paths.get(System.getProperty("dnspatch.root", "..")).toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("README.md");
    private static final Path DOCS = ROOT.resolve("docs");
    /** A front page a newcomer reads in two minutes; the reference lives in docs/. */
    private static final int README_MAX_LINES = 260;
    /** A size the pages round may differ from the jar by this much before the text must change. */
    private static final double JAR_SIZE_TOLERANCE = 0.02;
    /** A Markdown link: its target, up to a title or the closing parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)[^)]*\\)");
    private static final Pattern HEADING = Pattern.compile("#{1,6} +(.*?) *#* *");

    @TempDir
    static Path dir;

    @Test
    void theReadmeStaysShort() throws IOException {
        long lines = text(README).lines().count();
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines, more than " + README_MAX_LINES
                + ": move the detail to its page in docs/");
    }

    @Test
    void theReadmeLinksEveryPageOfTheDocs() throws IOException {
        Set<Path> linked = new TreeSet<>();
        for (String target : links(README)) {
            linked.add(README.getParent().resolve(target.replaceFirst("#.*", "")).normalize());
        }
        Set<String> unlinked = docPages().stream().filter(page -> !linked.contains(page)).map(DocsClaimsTest::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(docPages().isEmpty(), "docs/ has no page");
        assertEquals(Set.of(), unlinked, "pages of docs/ the README does not link");
    }

    @Test
    void theJarSizeThePagesQuoteIsTheJarsSizeRounded() throws IOException {
        long actualKib = Files.size(ForkedJvm.agentJar()) / 1024;
        Pattern pattern = Pattern.compile("(?:jar|`dnspatch-agent\\.jar`) (?:is )?\\(?about (\\d+) KiB");
        List<String> wrong = new ArrayList<>();
        int claims = 0;
        for (Path page : pages()) {
            Matcher claim = pattern.matcher(text(page));
            while (claim.find()) {
                claims++;
                long claimed = Long.parseLong(claim.group(1));
                if (Math.abs(claimed - actualKib) > actualKib * JAR_SIZE_TOLERANCE) {
                    wrong.add(name(page) + ": '" + claim.group() + "'");
                }
            }
        }
        assertTrue(claims > 0, "no page quotes the jar's size ('jar is about N KiB')");
        assertEquals(List.of(), wrong, "the jar is " + actualKib + " KiB; these pages say otherwise");
    }

    @Test
    void everyTestClassThePagesNameExists() throws IOException {
        Set<String> existing;
        try (Stream<Path> files = Stream.concat(Files.walk(ROOT.resolve("agent/src/test")),
                Files.walk(ROOT.resolve("integration-tests/src/test")))) {
            existing = files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(".java"))
                    .map(file -> file.substring(0, file.length() - ".java".length())).collect(Collectors.toSet());
        }
        Set<String> named = new TreeSet<>();
        Set<String> missing = new TreeSet<>();
        for (Path page : pages()) {
            for (String name : matches(page, "\\b([A-Z][A-Za-z0-9]*Test)\\b")) {
                named.add(name);
                if (!existing.contains(name)) {
                    missing.add(name(page) + ": " + name);
                }
            }
        }
        assertFalse(named.isEmpty(), "no page names a test");
        assertEquals(Set.of(), missing, "test classes the pages name that do not exist");
    }

    /**
     * Relative links, resolved from the page's folder, and paths in code spans that start at one of
     * the repository's top folders, resolved from the root.
     */
    @Test
    void everyFileThePagesLinkOrNameExists() throws IOException {
        List<String> roots = List.of("agent/", "integration-tests/", "examples/", "scripts/", ".ci/", ".github/", "docs/");
        Set<String> missing = new TreeSet<>();
        int links = 0;
        for (Path page : pages()) {
            for (String target : links(page)) {
                String file = target.replaceFirst("#.*", "");
                if (!file.isEmpty()) {
                    links++;
                    if (!Files.exists(page.getParent().resolve(file))) {
                        missing.add(name(page) + ": " + target);
                    }
                }
            }
            for (String span : matches(page, "`([A-Za-z0-9._/-]+)`")) {
                if (roots.stream().anyMatch(span::startsWith) && !span.contains("/target/") && !span.endsWith("/")
                        && !Files.exists(ROOT.resolve(span))) {
                    missing.add(name(page) + ": " + span);
                }
            }
        }
        assertTrue(links > 0, "no page links a file");
        assertEquals(Set.of(), missing, "files the pages link or name that do not exist");
    }

    /** A link to a heading ({@code page.md#heading}, or {@code #heading} on the same page) finds it. */
    @Test
    void everyLinkToAHeadingFindsIt() throws IOException {
        Map<Path, Set<String>> anchors = new HashMap<>();
        Set<String> missing = new TreeSet<>();
        for (Path page : pages()) {
            for (String target : links(page)) {
                int hash = target.indexOf('#');
                if (hash < 0) {
                    continue;
                }
                Path file = hash == 0 ? page : page.getParent().resolve(target.substring(0, hash)).normalize();
                if (file.toString().endsWith(".md") && Files.isRegularFile(file)
                        && !anchors.computeIfAbsent(file, DocsClaimsTest::headingAnchors).contains(target.substring(hash + 1))) {
                    missing.add(name(page) + ": " + target);
                }
            }
        }
        assertEquals(Set.of(), missing, "links to headings that do not exist (an anchor is the heading as GitHub "
                + "spells it: lower case, punctuation dropped, spaces as hyphens)");
    }

    /** Each option table (the README's and docs/options.md's) against the options the agent's parser knows, in all three spellings. */
    @Test
    void theOptionTablesListExactlyTheOptionsTheParserKnows() throws Exception {
        Set<String> known = new TreeSet<>();
        try (URLClassLoader agent = new URLClassLoader(new URL[] {ForkedJvm.agentJar().toUri().toURL()}, null)) {
            Class<?> option = Class.forName("dev.dnspatch.config.Option", true, agent);
            for (Object constant : option.getEnumConstants()) {
                known.add(option.getMethod("argName").invoke(constant) + "= "
                        + option.getMethod("propertyName").invoke(constant) + " "
                        + option.getMethod("envName").invoke(constant));
            }
        }
        int tables = 0;
        for (Path page : pages()) {
            for (List<String> rows : optionTables(page)) {
                tables++;
                Set<String> documented = new TreeSet<>();
                for (String row : rows) {
                    String[] cells = row.split("\\|");
                    documented.add(code(cells[2]) + " " + code(cells[3]) + " " + code(cells[4]));
                }
                assertEquals(known, documented, name(page) + "'s option table against dev.dnspatch.config.Option");
            }
        }
        assertTrue(tables > 0, "no page has the option table ('| option | agent argument | ...')");
    }

    /** The bad-input examples: each error line the pages quote is what the agent prints for its input. */
    @Test
    void theErrorLinesThePagesQuoteAreWhatTheAgentPrints() throws Exception {
        Path java = Jdks.require(25);
        List<String> printed = new ArrayList<>();
        printed.addAll(ForkedJvm.on(java).withAgent("host=db.example.com").run(HelloApp.class.getName()).stderrLines());
        printed.addAll(ForkedJvm.on(java).withAgent("hosts=db.example.com,mode=ipv4_only").run(HelloApp.class.getName())
                .stderrLines());
        printed.addAll(ForkedJvm.on(java).withAgent(null).env("DNSPATCH_HOST", "db.example.com")
                .run(HelloApp.class.getName()).stderrLines());
        printed.addAll(ForkedJvm.on(java).withAgent("hosts=*.supabase.co,*.corp.internal:ipv6_first")
                .run(HelloApp.class.getName()).stderrLines());
        assertEquals(4, printed.size(), "one line each: " + printed);

        List<String> quoted = codeLines().stream().filter(line -> line.startsWith("[dnspatch] error: ")).distinct()
                .toList();
        assertEquals(printed, quoted, "the example error lines the pages quote against what the agent prints");
    }

    /** The lines the pages show for a host left no address of the wanted family. */
    @Test
    void theNothingLeftLinesThePagesQuoteAreWhatTheAgentPrints() throws Exception {
        Namespace.assumeAvailable();
        Namespace namespace = Namespace.withHosts(dir, "2001:db8::2 v6only.example.test");
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(25)).in(namespace).withAgent("hosts=*.example.test")
                .run(ProbeApp.class.getName(), "v6only.example.test");
        String exception = run.line("resolve v6only.example.test").replaceFirst("^failed ", "");
        String warning = run.stderrLines().stream().filter(line -> line.startsWith("[dnspatch] warning: "))
                .findFirst().orElse("(no warning line)");

        List<String> code = codeLines();
        assertTrue(code.contains(exception), "no page quotes the exception the app gets:\n" + exception);
        assertTrue(code.contains(warning), "no page quotes the warning the agent prints:\n" + warning);
    }

    /** README.md, then every page of docs/. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(README);
        pages.addAll(docPages());
        return pages;
    }

    private static List<Path> docPages() throws IOException {
        if (!Files.isDirectory(DOCS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(DOCS)) {
            return files.filter(file -> file.toString().endsWith(".md")).map(Path::normalize).sorted().toList();
        }
    }

    private static String name(Path page) {
        return ROOT.relativize(page).toString();
    }

    private static String text(Path page) throws IOException {
        return Files.readString(page, StandardCharsets.UTF_8);
    }

    /** The targets of the page's relative links (not to a web address), anchors included. */
    private static List<String> links(Path page) throws IOException {
        List<String> targets = new ArrayList<>();
        Matcher link = LINK.matcher(text(page));
        while (link.find()) {
            String target = link.group(1);
            if (!target.matches("(?i)(https?|mailto):.*")) {
                targets.add(target);
            }
        }
        return targets;
    }

    /** The lines inside ``` blocks, of every page. */
    private static List<String> codeLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path page : pages()) {
            boolean inside = false;
            for (String line : text(page).lines().toList()) {
                if (line.startsWith("```")) {
                    inside = !inside;
                } else if (inside) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** The rows of each table whose header begins "| option | agent argument |", without header and rule. */
    private static List<List<String>> optionTables(Path page) throws IOException {
        List<List<String>> tables = new ArrayList<>();
        List<String> rows = null;
        for (String line : text(page).lines().toList()) {
            if (line.startsWith("| option | agent argument |")) {
                rows = new ArrayList<>();
                tables.add(rows);
            } else if (rows != null && line.startsWith("|")) {
                if (!line.startsWith("|---")) {
                    rows.add(line);
                }
            } else {
                rows = null;
            }
        }
        return tables;
    }

    /** The anchors GitHub gives the page's headings (outside code blocks), with -1, -2 for repeats. */
    private static Set<String> headingAnchors(Path page) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inside = false;
        try {
            for (String line : text(page).lines().toList()) {
                if (line.startsWith("```")) {
                    inside = !inside;
                }
                Matcher heading = HEADING.matcher(line);
                if (inside || !heading.matches()) {
                    continue;
                }
                String slug = heading.group(1).replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int repeat = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return anchors;
    }

    private static Set<String> matches(Path page, String regex) throws IOException {
        Matcher matcher = Pattern.compile(regex).matcher(text(page));
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
