package dev.dnspatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.cli.DoctorArgs.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DoctorArgsTest {
    private static DoctorArgs parse(String... args) throws UsageException {
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "doctor";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        return DoctorArgs.parse(withCommand, 1);
    }

    @ParameterizedTest
    @CsvSource({"db.example.com, db.example.com, -1", "db.example.com:5432, db.example.com, 5432",
            "[2001:db8::1]:5432, 2001:db8::1, 5432", "2001:db8::1, 2001:db8::1, -1", "[::1], ::1, -1"})
    void hostAndPort(String typed, String host, int port) throws Exception {
        DoctorArgs args = parse(typed);

        assertEquals(host, args.target.host);
        assertEquals(port, args.target.port);
    }

    @Test
    void optionsInBothSpellings() throws Exception {
        DoctorArgs spaced = parse("db.example.com", "--dns", "127.0.0.9:5353", "--timeout", "500", "--json");
        DoctorArgs joined = parse("--dns=127.0.0.9:5353", "--timeout=500", "db.example.com", "--json");

        for (DoctorArgs args : new DoctorArgs[] {spaced, joined}) {
            assertEquals("127.0.0.9", args.dns.host);
            assertEquals(5353, args.dns.port);
            assertEquals(500, args.timeoutMillis);
            assertTrue(args.json);
        }
    }

    @Test
    void defaults() throws Exception {
        DoctorArgs args = parse("db.example.com");

        assertNull(args.dns);
        assertEquals(DoctorArgs.DEFAULT_TIMEOUT_MILLIS, args.timeoutMillis);
        assertEquals(false, args.json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "db.example.com:0", "db.example.com:65536", "db.example.com:http", ":5432",
            "[2001:db8::1", "[2001:db8::1]5432", "db.example.com --timeout 0", "db.example.com --timeout soon",
            "db.example.com --dns", "db.example.com --verbose", "a.example.com b.example.com", "--json"})
    void badUsage(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");

        assertThrows(UsageException.class, () -> parse(args));
    }
}
