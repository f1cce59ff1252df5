package dev.dnspatch.it.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tar stream (ustar, with the PAX extended headers Jib writes) into its entries, bytes and
 * all: enough to see what an image layer really holds, without an image tool or a daemon.
 */
public final class Tarball {
    private static final int BLOCK = 512;

    private Tarball() {
    }

    /** One file, folder or link, after any PAX header for it has been applied. */
    public static final class Entry {
        public final String name;
        public final char type;
        public final int mode;
        public final long uid;
        public final long gid;
        public final long mtimeSeconds;
        public final byte[] content;

        Entry(String name, char type, int mode, long uid, long gid, long mtimeSeconds, byte[] content) {
            this.name = name;
            this.type = type;
            this.mode = mode;
            this.uid = uid;
            this.gid = gid;
            this.mtimeSeconds = mtimeSeconds;
            this.content = content;
        }

        public boolean isRegularFile() {
            return type == '0' || type == '\0';
        }

        @Override
        public String toString() {
            return name + " (type " + (type == '\0' ? '0' : type) + ", mode " + Integer.toOctalString(mode) + ")";
        }
    }

    public static List<Entry> read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        List<Entry> entries = new ArrayList<>();
        String paxPath = null;
        Long paxMtime = null;
        byte[] header = new byte[BLOCK];
        while (true) {
            try {
                in.readFully(header);
            } catch (EOFException e) {
                return entries;
            }
            if (allZero(header)) {
                return entries;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            char type = (char) header[156];
            byte[] content = new byte[(int) octal(header, 124, 12)];
            in.readFully(content);
            int padding = (BLOCK - content.length % BLOCK) % BLOCK;
            in.readFully(new byte[padding]);
            if (type == 'x') {
                for (String record : pax(content)) {
                    String key = record.substring(0, record.indexOf('='));
                    String value = record.substring(record.indexOf('=') + 1);
                    if (key.equals("path")) {
                        paxPath = value;
                    } else if (key.equals("mtime")) {
                        paxMtime = (long) Double.parseDouble(value);
                    }
                }
                continue;
            }
            if (type == 'g') {
                continue;
            }
            long mtime = paxMtime != null ? paxMtime : octal(header, 136, 12);
            entries.add(new Entry(paxPath != null ? paxPath : name, type, (int) octal(header, 100, 8),
                    octal(header, 108, 8), octal(header, 116, 8), mtime, content));
            paxPath = null;
            paxMtime = null;
        }
    }

    /** PAX records are "LENGTH key=value\n", LENGTH counting the whole record. */
    private static List<String> pax(byte[] content) {
        List<String> records = new ArrayList<>();
        int at = 0;
        while (at < content.length) {
            int space = at;
            while (content[space] != ' ') {
                space++;
            }
            int length = Integer.parseInt(new String(content, at, space - at, StandardCharsets.US_ASCII));
            records.add(new String(content, space + 1, length - (space + 1 - at) - 1, StandardCharsets.UTF_8));
            at += length;
        }
        return records;
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = text(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }
}
