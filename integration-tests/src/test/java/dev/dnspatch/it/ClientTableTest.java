package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import org.junit.jupiter.api.Test;

/**
 * The client table of {@code docs/compatibility.md} against the build and the tests, cheaply: every
 * row names the test that runs it, every library version it quotes is one the build pins, and every
 * HTTP client {@link HttpClientsTest} runs has its row. ({@link DocsClaimsTest} checks that the
 * named tests exist.)
 */
class ClientTableTest {
    private static final Path ROOT = Paths.get(System.getProperty("dnspatch.root", "..")).toAbsolutePath().normalize();
    private static final String SECTION = "## Client libraries";
    private static final Pattern TEST = Pattern.compile("\\b[A-Z][A-Za-z0-9]*Test\\b");
    private static final Pattern VERSION = Pattern.compile("\\b\\d+\\.\\d+(?:\\.\\d+)?\\b");

    @Test
    void everyRowNamesItsTestAndQuotesOnlyVersionsTheBuildPins() throws IOException {
        List<String[]> rows = rows();
        assertFalse(rows.isEmpty(), "no table under " + SECTION + " in docs/compatibility.md");
        Set<String> pinned = pinnedVersions();
        List<String> wrong = new ArrayList<>();
        for (String[] row : rows) {
            if (!TEST.matcher(row[row.length - 1]).find()) {
                wrong.add("no test named in its last cell: " + row[0].trim());
            }
            Matcher version = VERSION.matcher(row[1]);
            while (version.find()) {
                String quoted = version.group();
                if (pinned.stream().noneMatch(v -> v.equals(quoted) || v.startsWith(quoted + ".")
                        || v.startsWith(quoted + "-"))) {
                    wrong.add(row[0].trim() + ": version " + quoted + " is pinned nowhere in pom.xml");
                }
            }
        }
        assertEquals(List.of(), wrong, "rows of the client table");
    }

    @Test
    void everyHttpClientTheTestsRunHasItsRow() throws IOException {
        List<String> clients = rows().stream().map(row -> row[0]).toList();
        Set<String> missing = new TreeSet<>();
        for (HttpClientsTest.Client client : HttpClientsTest.clients()) {
            String name = client.name().replace(" HttpClient", "");
            if (clients.stream().noneMatch(cell -> cell.contains(name))) {
                missing.add(client.name());
            }
        }
        assertEquals(Set.of(), missing, "clients HttpClientsTest runs that the client table lacks");
    }

    /** The cells of each body row of the first table in the section. */
    private static List<String[]> rows() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/compatibility.md"), StandardCharsets.UTF_8);
        int start = page.indexOf("\n" + SECTION + "\n");
        assertTrue(start >= 0, "docs/compatibility.md has no section " + SECTION);
        int end = page.indexOf("\n## ", start + SECTION.length() + 1);
        List<String> lines = page.substring(start, end < 0 ? page.length() : end).lines()
                .filter(line -> line.startsWith("|")).toList();
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            rows.add(cells);
        }
        return rows;
    }

    /** Every version the root pom sets in a {@code *.version} property. */
    private static Set<String> pinnedVersions() throws IOException {
        Matcher property = Pattern.compile("<[A-Za-z0-9.-]+\\.version>([^<]+)</").matcher(
                Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
        Set<String> versions = new TreeSet<>();
        while (property.find()) {
            versions.add(property.group(1).trim());
        }
        return versions;
    }
}
