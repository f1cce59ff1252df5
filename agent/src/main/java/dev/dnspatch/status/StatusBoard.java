package dev.dnspatch.status;

import dev.dnspatch.Agent;
import dev.dnspatch.Banner;
import dev.dnspatch.config.HostPatterns;
import dev.dnspatch.javanet.JavaNet;
import dev.dnspatch.log.Log;
import dev.dnspatch.netty.NettyCopies;
import dev.dnspatch.policy.AddressPolicy;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.security.AccessController;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What dnspatch does in this JVM, kept where {@code java -jar dnspatch-agent.jar status} reads it
 * from outside, with no attach: the JVM's perf data, the shared memory
 * ({@code /tmp/hsperfdata_USER/PID}) that {@code jps} and {@code jstat} read. Its version, engine,
 * rules and Netty copies, and per host the policy applied to: lookups seen, answers changed,
 * lookups left with nothing, the last answer given ({@link HostRow}). The names are in {@link PerfNames}.
 *
 * <p>Nothing of it exists before the first lookup the policy applies to (or an attach): premain
 * never loads this class. Then each entry is made once, for the life of the JVM, through the JDK's
 * own {@code Perf} ({@code sun.misc.Perf} on JDK 8, by reflection; {@code jdk.internal.perf.Perf}
 * on 9 and later, which {@link JavaNet} exports to a module of dnspatch's own, never to the class
 * path), and from then on is plain memory: a lookup costs a map probe and a counter write or two,
 * no system call, no lock. Two classes, this one and the row: each class loaded on the first
 * lookup costs it time.
 *
 * <p>Bounded, as the change log is: {@link PerfNames#HOST_ROWS} hosts get a row of their own, in
 * the order they were first looked up; the rest are counted together. The memory is fixed-size
 * (32 KiB by default, of which the JVM uses 12 to 17 KiB): an entry is made only where it leaves
 * {@link #KEPT_FREE} bytes for the JVM's own later entries, read from the prologue of this JVM's
 * own file. Where the perf data cannot be written (no Instrumentation on JDK 9+,
 * {@code -XX:-UsePerfData}), or anything here fails, it stays off for the life of the JVM: a
 * lookup is never hurt by status.
 */
public final class StatusBoard {
    /** What the policy did with an answer. */
    public static final int UNCHANGED = 0;
    public static final int CHANGED = 1;
    public static final int NOTHING_LEFT = 2;
    /** Never taken by dnspatch: the JVM puts entries it makes late there. */
    static final int KEPT_FREE = 4096;
    /** Where the room left cannot be read, at most this many rows are made. */
    private static final int ROWS_WITHOUT_ROOM = 4;
    private static final int SETTINGS_ENTRIES = 6;
    private static final int SETTINGS_BYTES = 32 + 16 + 256 + 512 + 8 + 256;
    private static final int RULES_BYTES = 512;
    /** What an entry takes beyond its data: a 20-byte header, its name, alignment. */
    private static final int ENTRY_OVERHEAD = 64;
    private static final int V_CONSTANT = 1;
    private static final int V_MONOTONIC = 2;
    private static final int V_VARIABLE = 3;
    private static final int U_EVENTS = 4;
    private static final int U_STRING = 5;
    /** Nothing here may need a permission: this class is first initialized inside an app's lookup. */
    private static final Charset UTF_8 = Charset.forName("UTF-8");

    /** Null until first needed; then the board, or {@link #UNAVAILABLE}. */
    private static volatile StatusBoard board;
    /** Set when the first copy of Netty carries the hook; until then there is no copy to list. */
    private static volatile boolean nettyPatchedOnce;
    private static final StatusBoard UNAVAILABLE = new StatusBoard();

    /** JDK 8: {@code sun.misc.Perf} and its methods. */
    private final Object perf;
    private final Method createLong;
    private final Method createByteArray;
    /** JDK 9+: {@code Perf}'s methods behind a JDK interface (see {@code PrivatePerf}). */
    private final Function<Object[], ByteBuffer> create;
    /** This JVM's own perf-data file, for the room left; null where there is none. */
    private final File ownFile;
    private final ByteBuffer state;
    private final ByteBuffer engine;
    private final ByteBuffer rules;
    private final ByteBuffer netty;
    private final ByteBuffer nettyCopies;
    private final Map<String, HostRow> rows = new ConcurrentHashMap<>();
    private volatile HostRow others;
    /** Whether a policy's settings are shown: the first lookup's, then each attach's. */
    private volatile boolean shown;

    private StatusBoard() {
        perf = createLong = createByteArray = null;
        create = null;
        ownFile = null;
        state = engine = rules = netty = nettyCopies = null;
    }

    /** {@code created}: {@code sun.misc.Perf}'s class on JDK 8, {@code PrivatePerf}'s function on 9+. */
    @SuppressWarnings("unchecked")
    private StatusBoard(Object created) throws Throwable {
        if (created instanceof Class) {
            Class<?> type = (Class<?>) created;
            perf = type.getMethod("getPerf").invoke(null);
            createLong = type.getMethod("createLong", String.class, int.class, int.class, long.class);
            createByteArray = type.getMethod("createByteArray", String.class, int.class, int.class, byte[].class,
                    int.class);
            create = null;
        } else {
            perf = createLong = createByteArray = null;
            create = (Function<Object[], ByteBuffer>) created;
        }
        ownFile = ownFile();
        // Room for the others' row too: it is made without asking, once a host finds no room.
        if (!fits(SETTINGS_ENTRIES + HostRow.OTHER_ENTRIES, SETTINGS_BYTES + HostRow.OTHER_BYTES)) {
            throw new IllegalStateException("the JVM's perf data has too little room left");
        }
        text(PerfNames.VERSION, 32, Banner.version(), true);
        state = text(PerfNames.STATE, 16, PerfNames.PATCHING, false);
        engine = text(PerfNames.ENGINE, 256, "", false);
        rules = text(PerfNames.RULES, RULES_BYTES, "", false);
        netty = text(PerfNames.NETTY, 8, "", false);
        nettyCopies = text(PerfNames.NETTY_COPIES, 256, "", false);
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
                set(current.state, PerfNames.OFF);
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
        nettyPatchedOnce = true;
        try {
            StatusBoard current = board;
            if (current != null && current != UNAVAILABLE && current.shown) {
                set(current.nettyCopies, nettyCopies());
            }
        } catch (Throwable e) {
            off(e);
        }
    }

    /**
     * Makes the board, with the agent's own permissions: this runs inside the app's lookup, and
     * under a {@code SecurityManager} the app's code on the stack would count too (as in
     * {@code SystemSettings}). An anonymous class, not a lambda: nothing is spun on a lookup.
     */
    private static synchronized StatusBoard start() {
        if (board == null) {
            StatusBoard made;
            try {
                made = System.getSecurityManager() == null ? make() : AccessController.doPrivileged(
                        new PrivilegedExceptionAction<StatusBoard>() {
                            @Override
                            public StatusBoard run() throws Exception {
                                return make();
                            }
                        });
            } catch (Throwable e) {
                Throwable cause = e instanceof PrivilegedActionException ? e.getCause() : e;
                Log.debug("status: nothing is published for the status command (" + cause + ")");
                made = UNAVAILABLE;
            }
            board = made;
        }
        return board;
    }

    private static StatusBoard make() throws Exception {
        if (System.getProperty("java.specification.version").startsWith("1.")) {
            try {
                return new StatusBoard(Class.forName("sun.misc.Perf"));
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        if (Agent.instrumentation() == null) {
            // The jar as a plain class path entry: nothing to export jdk.internal.perf with. Said in the docs, not here.
            return UNAVAILABLE;
        }
        try {
            return new StatusBoard(JavaNet.perf(Agent.instrumentation()));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
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

    /** The host's own row where there is room for one, else the others'; with the agent's permissions (see {@link #start}). */
    private HostRow rowFor(final String key) throws Throwable {
        if (System.getSecurityManager() == null) {
            return makeRow(key);
        }
        try {
            return AccessController.doPrivileged(new PrivilegedExceptionAction<HostRow>() {
                @Override
                public HostRow run() throws Exception {
                    try {
                        return makeRow(key);
                    } catch (Exception | Error e) {
                        throw e;
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        } catch (PrivilegedActionException e) {
            throw e.getCause();
        }
    }

    private synchronized HostRow makeRow(String key) throws Throwable {
        HostRow row = rows.get(key);
        if (row != null) {
            return row;
        }
        int index = rows.size();
        boolean room = others != null ? fits(HostRow.ENTRIES, HostRow.BYTES)
                : fits(HostRow.ENTRIES + HostRow.OTHER_ENTRIES, HostRow.BYTES + HostRow.OTHER_BYTES);
        if (index < (ownFile != null ? PerfNames.HOST_ROWS : ROWS_WITHOUT_ROOM) && room) {
            String prefix = "dnspatch.host." + index + ".";
            text(prefix + PerfNames.NAME, 80, key, true);
            row = new HostRow(counter(prefix + PerfNames.LOOKUPS), counter(prefix + PerfNames.CHANGED),
                    counter(prefix + PerfNames.NOTHING_LEFT), text(prefix + PerfNames.ANSWER, 128, "", false), null);
            rows.put(key, row);
            return row;
        }
        if (others == null) {
            String prefix = "dnspatch.other.";
            others = new HostRow(counter(prefix + PerfNames.LOOKUPS), counter(prefix + PerfNames.CHANGED),
                    counter(prefix + PerfNames.NOTHING_LEFT), null, counter(prefix + PerfNames.HOSTS));
        }
        others.sawHost(key);
        return others;
    }

    private synchronized void show(AddressPolicy policy) {
        String all = policy.rules();
        set(rules, all.length() < RULES_BYTES ? all : cut(all));
        set(engine, policy.engine() == null ? "" : policy.engine());
        set(netty, policy.netty() ? "on" : "off");
        set(nettyCopies, policy.netty() ? nettyCopies() : ""); // netty=off: the Netty hook's classes stay unloaded
        set(state, PerfNames.PATCHING);
        shown = true;
    }

    /** Whole rules up to the room, then how many there are: {@code a:ipv4-only,b:auto,... (40 rules)}. */
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

    /**
     * Which copies of Netty carry the hook, as the debug line names them:
     * {@code Netty 4.1.135.Final (io.netty, class loader app); Netty 4.1.132.Final
     * (org.apache.pulsar.shade.io.netty, class loader ...)}, or "none".
     */
    static String nettyCopies() {
        if (!nettyPatchedOnce) {
            return "none"; // an app without Netty: its hook's bookkeeping stays unloaded
        }
        StringBuilder text = new StringBuilder();
        for (NettyCopies.Copy copy : NettyCopies.patched()) {
            text.append(text.length() == 0 ? "" : "; ").append(copy);
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    /** {@code /tmp/hsperfdata_USER/PID}, where the JVM keeps it on Linux; null where it is not there. */
    private static File ownFile() {
        try {
            String pid = new File("/proc/self").getCanonicalFile().getName();
            File own = new File("/tmp/hsperfdata_" + System.getProperty("user.name"), pid);
            return own.isFile() ? own : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether entries of this many data bytes fit, leaving {@link #KEPT_FREE}; true where that cannot be read. */
    private boolean fits(int entries, int dataBytes) {
        if (ownFile == null) {
            return true;
        }
        byte[] prologue = new byte[12]; // magic, byte order, versions, accessible, then the bytes used
        try (RandomAccessFile in = new RandomAccessFile(ownFile, "r")) {
            in.readFully(prologue);
            ByteBuffer read = ByteBuffer.wrap(prologue).order(prologue[4] == 0 ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN);
            return ownFile.length() - read.getInt(8) - entries * ENTRY_OVERHEAD - dataBytes >= KEPT_FREE;
        } catch (IOException e) {
            return false;
        }
    }

    private ByteBuffer counter(String name) throws Throwable {
        ByteBuffer memory = create == null ? (ByteBuffer) invoke(createLong, perf, name, V_MONOTONIC, U_EVENTS, 0L)
                : create.apply(new Object[] {name, V_MONOTONIC, U_EVENTS, 0L});
        return memory.order(ByteOrder.nativeOrder());
    }

    /** A text of at most {@code capacity - 1} bytes of UTF-8; {@code constant} for one written once. */
    private ByteBuffer text(String name, int capacity, String value, boolean constant) throws Throwable {
        byte[] initial = bytes(value, capacity);
        int variability = constant ? V_CONSTANT : V_VARIABLE;
        return create == null ? (ByteBuffer) invoke(createByteArray, perf, name, variability, U_STRING, initial, capacity)
                : create.apply(new Object[] {name, variability, U_STRING, initial, capacity});
    }

    private static Object invoke(Method method, Object target, Object... arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * A count into its entry. The count itself is kept beside, and each update writes it there; a
     * writer that finds the count moved on since its own write writes again, so concurrent lookups
     * can never leave a lower count behind.
     */
    static void increment(AtomicLong count, ByteBuffer memory) {
        long written = count.incrementAndGet();
        memory.putLong(0, written);
        long now;
        while ((now = count.get()) != written) {
            written = now;
            memory.putLong(0, written);
        }
    }

    /** A text into its entry. The first byte goes last: a reader in between sees an empty text, never half of two. */
    static void set(ByteBuffer memory, String value) {
        synchronized (memory) {
            byte[] bytes = bytes(value, memory.capacity());
            memory.put(0, (byte) 0);
            for (int i = 1; i < bytes.length; i++) {
                memory.put(i, bytes[i]);
            }
            memory.put(0, bytes[0]);
        }
    }

    /** The value's UTF-8 with its NUL, at most {@code capacity} bytes: cut, and "..." added, where longer. */
    static byte[] bytes(String value, int capacity) {
        byte[] utf8 = value.getBytes(UTF_8);
        int length = utf8.length;
        if (length > capacity - 1) {
            length = capacity - 4;
            while (length > 0 && (utf8[length] & 0xc0) == 0x80) {
                length--; // never half a character
            }
            utf8[length] = '.';
            utf8[length + 1] = '.';
            utf8[length + 2] = '.';
            length += 3;
        }
        byte[] out = new byte[length + 1];
        System.arraycopy(utf8, 0, out, 0, length);
        return out;
    }
}
