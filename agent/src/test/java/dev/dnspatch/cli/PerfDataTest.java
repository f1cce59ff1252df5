package dev.dnspatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The perf-data reader, on the file of the JVM that runs this test: what jps and jstat read. */
class PerfDataTest {
    @Test
    void thisJvmsOwnPerfDataReadsAsItsOwnProperties() throws IOException {
        LocalProcess self = new LocalProcess(LocalProcess.self() == null ? "0" : LocalProcess.self());
        Path file = LocalProcess.self() == null ? null : self.perfFile();
        if (file == null) {
            System.out.println("[skipped] this JVM has no perf-data file to read (not Linux, or -XX:-UsePerfData)");
        }
        assumeTrue(file != null, "this JVM has no perf-data file to read");

        PerfData perf = PerfData.parse(Files.readAllBytes(file));

        assertEquals(System.getProperty("java.version"), perf.text("java.property.java.version"));
        assertTrue(perf.number("sun.rt.createVmBeginTime") > 0);
        assertEquals(-1, perf.number("java.property.java.version"));
        assertEquals(null, perf.text("sun.rt.createVmBeginTime"));
        assertTrue(!perf.has("dnspatch.version"));
    }

    @Test
    void whatIsNoPerfDataIsSaidSo() {
        IOException notPerfData = assertThrows(IOException.class, () -> PerfData.parse(new byte[64]));
        IOException empty = assertThrows(IOException.class, () -> PerfData.parse(new byte[0]));

        assertEquals("not a JVM's perf data", notPerfData.getMessage());
        assertEquals("not a JVM's perf data", empty.getMessage());
    }
}
