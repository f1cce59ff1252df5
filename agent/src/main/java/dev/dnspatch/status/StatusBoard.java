package dev.dnspatch.status;

import dev.dnspatch.Banner;
import dev.dnspatch.config.HostPatterns;
import dev.dnspatch.log.Log;
import dev.dnspatch.policy.AddressPolicy;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What dnspatch does in this JVM, kept where {@code java -jar dnspatch-agent.jar status} reads it
 * from outside, with no attach: the JVM's perf data ({@link PerfMemory}). Its version, engine,
 * rules and Netty copies, and per host the policy applied to: lookups seen, answers changed,
 * lookups left with nothing, the last answer given.
 *
 * <p>Nothing of it exists before the first lookup the policy applies to (or an attach): premain
 * never loads this class. Then the entries are made once, and each later lookup costs a map probe
 * and a counter write or two. Bounded, as the change log is: {@link PerfNames#HOST_ROWS} hosts get a
 * row of their own, in the order they were first looked up; the rest are counted together. Where
 * the perf data cannot be written (no Instrumentation on JDK 9+, {@code -XX:-UsePerfData}), or
 * anything here fails, it stays off for the life of the JVM: a lookup is never hurt by status.
 */
public final class StatusBoard {
    /** What the policy did with an answer. */
    public static final int UNCHANGED = 0;
    public static final int CHANGED = 1;
    public static final int NOTHING_LEFT = 2;
    /** Where the room the perf data has left cannot be read, at most this many rows are made. */
    private static final int ROWS_WITHOUT_ROOM = 4;
    private static final int FIXED_ENTRIES = 6;
    private static final int FIXED_BYTES = 32 + 16 + 256 + 512 + 8 + 256;
    private static final int RULES_BYTES = 512;

    /** Null until first needed; then the board, or {@link #UNAVAILABLE}. */
    private static volatile StatusBoard board;
    private static final StatusBoard UNAVAILABLE = new StatusBoard();

    private final PerfMemory memory;
    private final PerfMemory.Text state;
    private final PerfMemory.Text engine;
    private final PerfMemory.Text rules;
    private final PerfMemory.Text netty;
    private final PerfMemory.Text nettyCopies;
    private final Map<String, HostRow> rows = new ConcurrentHashMap<>();
    private volatile HostRow others;
    /** Whether a policy's settings are shown: the first lookup's, then each attach's. */
    private volatile boolean shown;

    private StatusBoard() {
        memory = null;
        state = engine = rules = netty = nettyCopies = null;
    }

    private StatusBoard(PerfMemory memory) throws Throwable {
        if (!memory.fits(FIXED_ENTRIES, FIXED_BYTES)) {
            throw new IllegalStateException("the JVM's perf data has too little room left");
        }
        this.memory = memory;
        memory.text(PerfNames.VERSION, 32, Banner.version(), true);
        state = memory.text(PerfNames.STATE, 16, PerfNames.PATCHING, false);
        engine = memory.text(PerfNames.ENGINE, 256, "", false);
        rules = memory.text(PerfNames.RULES, RULES_BYTES, "", false);
        netty = memory.text(PerfNames.NETTY, 8, "", false);
        nettyCopies = memory.text(PerfNames.NETTY_COPIES, 256, "", false);
    }

    /** Counts an answer the policy was given for a host it applies to. Never throws. */
    public static void lookup(AddressPolicy policy, String host, int outcome, InetAddress[] given) {
        try {
            StatusBoard current = board != null ? board : start();
            if (current != UNAVAILABLE) {
                current.record(policy, host, outcome, given);
            }
        } catch (Throwable e) {
            off(e);
        }
    }

    /** An attach put this policy in place: shown at once, as the one status describes. Never throws. */
    public static void installed(AddressPolicy policy) {
        try {
            StatusBoard current = board != null ? board : start();
            if (current != UNAVAILABLE) {
                current.show(policy);
            }
        } catch (Throwable e) {
            off(e);
        }
    }

    /** An attach switched dnspatch off. Never throws. */
    public static void switchedOff() {
        try {
            StatusBoard current = board != null ? board : start();
            if (current != UNAVAILABLE) {
                current.state.set(PerfNames.OFF);
            }
        } catch (Throwable e) {
            off(e);
        }
    }

    /**
     * Another copy of Netty carries the hook now. Called as it is defined: nothing is made here,
     * and a board not made yet reads the copies when it is. Never throws.
     */
    public static void nettyPatched() {
        try {
            StatusBoard current = board;
            if (current != null && current != UNAVAILABLE && current.shown) {
                current.nettyCopies.set(NettyCopies.describe());
            }
        } catch (Throwable e) {
            off(e);
        }
    }

    private static synchronized StatusBoard start() {
        if (board == null) {
            StatusBoard made;
            try {
                made = new StatusBoard(PerfMemory.open());
            } catch (Throwable e) {
                Log.debug("status: nothing is published for the status command (" + e + ")");
                made = UNAVAILABLE;
            }
            board = made;
        }
        return board;
    }

    private static void off(Throwable e) {
        board = UNAVAILABLE;
        Log.debug("status: publishing stopped after an internal error (" + e + ")");
    }

    private void record(AddressPolicy policy, String host, int outcome, InetAddress[] given) throws Throwable {
        if (!shown) {
            show(policy);
        }
        String key = HostPatterns.canonical(host);
        HostRow row = rows.get(key);
        if (row == null) {
            HostRow other = others;
            row = other != null && rows.size() >= PerfNames.HOST_ROWS ? other : rowFor(key);
            if (row == other) {
                other.sawHost(key);
            }
        }
        row.record(outcome, given);
    }

    /** The host's own row where there is room for one, else the others'. */
    private synchronized HostRow rowFor(String key) throws Throwable {
        HostRow row = rows.get(key);
        if (row != null) {
            return row;
        }
        int index = rows.size();
        boolean room = others != null ? memory.fits(HostRow.ENTRIES, HostRow.BYTES)
                : memory.fits(HostRow.ENTRIES + HostRow.OTHER_ENTRIES, HostRow.BYTES + HostRow.OTHER_BYTES);
        if (index < (memory.knowsItsRoom() ? PerfNames.HOST_ROWS : ROWS_WITHOUT_ROOM) && room) {
            row = HostRow.of(memory, index, key);
            rows.put(key, row);
            return row;
        }
        if (others == null) {
            others = HostRow.others(memory);
        }
        others.sawHost(key);
        return others;
    }

    private synchronized void show(AddressPolicy policy) {
        String all = policy.rules();
        rules.set(all.length() < RULES_BYTES ? all : cut(all));
        engine.set(policy.engine() == null ? "" : policy.engine());
        netty.set(policy.netty() ? "on" : "off");
        nettyCopies.set(NettyCopies.describe());
        state.set(PerfNames.PATCHING);
        shown = true;
    }

    /** Whole rules up to the room, then how many more: {@code a:ipv4-only,b:auto,... (40 rules)}. */
    private static String cut(String all) {
        int count = 1;
        for (int i = 0; i < all.length(); i++) {
            if (all.charAt(i) == ',') {
                count++;
            }
        }
        String tail = ",... (" + count + " rules)";
        int end = all.lastIndexOf(',', RULES_BYTES - tail.length() - 1);
        return (end < 0 ? "" : all.substring(0, end)) + tail;
    }
}
