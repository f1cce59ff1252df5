package dev.dnspatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What --version says for each manifest the build can write; CommandLineTest runs the real jar. */
class BuildCommitTest {
    @ParameterizedTest(name = "[{0}] [{1}]")
    @CsvSource(nullValues = "null", value = {
        "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d, false, commit 1a2b3c4",
        "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d, true, commit 1a2b3c4 with local changes",
        // Outside a git work tree the build writes "none".
        "none, false, 'commit unknown: built outside git'",
        // A jar from before the attribute existed, or one a repackager rewrote.
        "null, null, 'commit unknown: built outside git'",
        "'${dnspatch.commit}', false, 'commit unknown: built outside git'",
        "1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D, false, 'commit unknown: built outside git'",
    })
    void describesTheCommitOrSaysWhyItIsUnknown(String commit, String modified, String expected) {
        assertEquals(expected, BuildCommit.describe(commit, modified));
    }
}
