package dev.dnspatch.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A JVM's perf data as {@code jps} and {@code jstat} read it, from its file
 * ({@code /tmp/hsperfdata_USER/PID}), with no attach: the layout of HotSpot's
 * {@code perfMemory.hpp}, version 2.0 (JDK 6 to 25). A prologue (magic {@code 0xcafec0c0}, byte
 * order, version, whether it is ready, the offset of the first entry and how many there are), then
 * entries, each a header (its length, the offsets of its name and data, a vector length, a type)
 * followed by its NUL-terminated name and its data. Longs ({@code J}) and byte vectors ({@code B},
 * which hold texts) are read; every offset is checked against the file, which the JVM writes while
 * it is read.
 */
final class PerfData {
    private static final int MAGIC = 0xcafec0c0;
    private static final int PROLOGUE = 32;
    private static final int ENTRY_HEADER = 20;

    private final Map<String, Object> entries;

    private PerfData(Map<String, Object> entries) {
        this.entries = entries;
    }

    static PerfData parse(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < PROLOGUE || buffer.getInt(0) != MAGIC) {
            throw new IOException("not a JVM's perf data");
        }
        buffer.order(bytes[4] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (bytes[5] != 2) {
            throw new IOException("perf data of version " + bytes[5] + "." + bytes[6] + ", not 2.0");
        }
        if (bytes[7] == 0) {
            throw new IOException("the JVM is still starting");
        }
        int offset = buffer.getInt(24);
        int count = buffer.getInt(28);
        Map<String, Object> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            if (offset < PROLOGUE || offset > bytes.length - ENTRY_HEADER) {
                break;
            }
            int length = buffer.getInt(offset);
            int nameOffset = buffer.getInt(offset + 4);
            int vectorLength = buffer.getInt(offset + 8);
            byte type = buffer.get(offset + 12);
            int dataOffset = buffer.getInt(offset + 16);
            if (length < ENTRY_HEADER || offset + length > bytes.length || nameOffset < ENTRY_HEADER
                    || nameOffset >= length || dataOffset < nameOffset || dataOffset > length) {
                break;
            }
            String name = text(bytes, offset + nameOffset, offset + length);
            if (type == 'J' && vectorLength == 0 && dataOffset + 8 <= length) {
                entries.put(name, buffer.getLong(offset + dataOffset));
            } else if (type == 'B' && vectorLength > 0 && dataOffset + vectorLength <= length) {
                entries.put(name, text(bytes, offset + dataOffset, offset + dataOffset + vectorLength));
            }
            offset += length;
        }
        return new PerfData(entries);
    }

    /** UTF-8 from {@code start} to the first NUL, or to {@code end}. */
    private static String text(byte[] bytes, int start, int end) {
        int stop = start;
        while (stop < end && bytes[stop] != 0) {
            stop++;
        }
        return new String(bytes, start, stop - start, StandardCharsets.UTF_8);
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The text of a byte-vector entry, or null. */
    String text(String name) {
        Object value = entries.get(name);
        return value instanceof String ? (String) value : null;
    }

    /** The value of a long entry, or -1. */
    long number(String name) {
        Object value = entries.get(name);
        return value instanceof Long ? (Long) value : -1;
    }
}
