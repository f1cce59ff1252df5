package dev.dnspatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A host's row and the entries it writes, on buffers of the same shape as the JVM's perf-data
 * entries (an 8-byte count, a NUL-terminated text): what {@code status} reads back.
 */
class HostRowTest {
    private static final InetAddress V4 = ip("192.0.2.1");
    private static final InetAddress V6 = ip("2001:db8::1");

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ByteBuffer count() {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
    }

    /** The text as a reader of the perf data sees it: up to the first NUL. */
    private static String text(ByteBuffer memory) {
        int end = 0;
        while (end < memory.capacity() && memory.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        for (int i = 0; i < end; i++) {
            bytes[i] = memory.get(i);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void eachOutcomeIsCountedAndTheLastAnswerWritten() {
        ByteBuffer lookups = count();
        ByteBuffer changed = count();
        ByteBuffer nothingLeft = count();
        ByteBuffer answer = ByteBuffer.allocate(128);
        HostRow row = new HostRow(lookups, changed, nothingLeft, answer, null);

        row.record(StatusBoard.CHANGED, new InetAddress[] {V4});
        row.record(StatusBoard.UNCHANGED, new InetAddress[] {V4, V6});
        row.record(StatusBoard.NOTHING_LEFT, new InetAddress[] {V6});

        assertEquals(3, lookups.getLong(0));
        assertEquals(1, changed.getLong(0));
        assertEquals(1, nothingLeft.getLong(0));
        assertEquals("nothing (removed 2001:db8::1)", text(answer));

        row.record(StatusBoard.CHANGED, new InetAddress[] {V4});
        assertEquals("192.0.2.1", text(answer));
    }

    @Test
    void concurrentLookupsLeaveTheFullCountInMemory() throws Exception {
        AtomicLong count = new AtomicLong();
        ByteBuffer memory = count();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    StatusBoard.increment(count, memory);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        assertEquals(800_000, memory.getLong(0));
    }

    @Test
    void aTextLongerThanItsRoomIsCutWithDotsAndNeverHalfACharacter() {
        ByteBuffer memory = ByteBuffer.allocate(16);

        StatusBoard.set(memory, "db.example.com");
        assertEquals("db.example.com", text(memory));
        StatusBoard.set(memory, "a-rather-long-host-name.example.com");
        assertEquals("a-rather-lon...", text(memory));
        StatusBoard.set(memory, "ééééééééé");
        assertEquals("éééééé...", text(memory));
        StatusBoard.set(memory, "");
        assertEquals("", text(memory));
    }

    @Test
    void theOthersRowCountsEachHostOnce() {
        ByteBuffer hosts = count();
        ByteBuffer lookups = count();
        HostRow others = new HostRow(lookups, count(), count(), null, hosts);

        for (String host : new String[] {"a.example.com", "b.example.com", "a.example.com"}) {
            others.sawHost(host);
            others.record(StatusBoard.UNCHANGED, new InetAddress[] {V4});
        }

        assertEquals(2, hosts.getLong(0));
        assertEquals(3, lookups.getLong(0));
    }
}
