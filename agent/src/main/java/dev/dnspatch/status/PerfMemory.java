package dev.dnspatch.status;

import dev.dnspatch.Agent;
import dev.dnspatch.javanet.JavaNet;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Entries in the JVM's perf data, the shared memory ({@code /tmp/hsperfdata_USER/PID}) that
 * {@code jps} and {@code jstat} read without attaching. Each entry is created once, for the life of
 * the JVM, and then is plain memory: a counter's update is a write, no system call, no lock.
 *
 * <p>Created through the JDK's own {@code Perf}: {@code sun.misc.Perf} on JDK 8, by reflection;
 * {@code jdk.internal.perf.Perf} on 9 and later, which {@link JavaNet} exports to a module of
 * dnspatch's own, never to the class path. The memory is fixed-size (32 KiB by default, of which
 * the JVM uses 12 to 17 KiB): an entry is created only where it leaves {@link #KEPT_FREE} bytes for
 * the JVM's own later entries, and status shows what did not fit counted with the others.
 */
final class PerfMemory {
    /** Never taken by dnspatch: the JVM puts entries it makes late there. */
    static final int KEPT_FREE = 4096;
    private static final int V_CONSTANT = 1;
    private static final int V_MONOTONIC = 2;
    private static final int V_VARIABLE = 3;
    private static final int U_EVENTS = 4;
    private static final int U_STRING = 5;
    /** What an entry takes beyond its data: a 20-byte header, its name, alignment. */
    private static final int ENTRY_OVERHEAD = 64;
    private static final boolean JDK_8 = System.getProperty("java.specification.version").startsWith("1.");

    /** JDK 8: {@code sun.misc.Perf} and its methods. */
    private final Object perf;
    private final Method createLongMethod;
    private final Method createByteArrayMethod;
    /** JDK 9+: the methods, bound to the JVM's {@code Perf}. */
    private final MethodHandle createLong;
    private final MethodHandle createByteArray;
    /** This JVM's whole perf data, to read how much of it is used; null where it cannot be mapped. */
    private final ByteBuffer whole;

    private PerfMemory(Object perf, Method createLongMethod, Method createByteArrayMethod, MethodHandle createLong,
            MethodHandle createByteArray, ByteBuffer whole) {
        this.perf = perf;
        this.createLongMethod = createLongMethod;
        this.createByteArrayMethod = createByteArrayMethod;
        this.createLong = createLong;
        this.createByteArray = createByteArray;
        this.whole = whole;
    }

    /** Throws where this JVM's perf data cannot be written: no Instrumentation on JDK 9+, or no perf data. */
    static PerfMemory open() throws Throwable {
        if (JDK_8) {
            Class<?> type = Class.forName("sun.misc.Perf");
            Object perf = type.getMethod("getPerf").invoke(null);
            Method attach = type.getMethod("attach", int.class, String.class);
            return new PerfMemory(perf, type.getMethod("createLong", String.class, int.class, int.class, long.class),
                    type.getMethod("createByteArray", String.class, int.class, int.class, byte[].class, int.class),
                    null, null, mapped(invoke(attach, perf, 0, "r")));
        }
        if (Agent.instrumentation() == null) {
            throw new IllegalStateException("no Instrumentation: the jar was not loaded as an agent");
        }
        MethodHandle[] handles = JavaNet.perf(Agent.instrumentation());
        ByteBuffer whole;
        try {
            whole = (ByteBuffer) handles[2].invokeExact();
        } catch (Exception unmapped) {
            whole = null;
        }
        return new PerfMemory(null, null, null, handles[0], handles[1], mapped(whole));
    }

    private static ByteBuffer mapped(Object memory) {
        return memory instanceof ByteBuffer ? ((ByteBuffer) memory).duplicate().order(ByteOrder.nativeOrder()) : null;
    }

    /**
     * Whether entries of this many data bytes fit, leaving {@link #KEPT_FREE}. Where the memory
     * could not be mapped, the room is not known: then only the fixed entries and the first rows
     * are made (see {@link StatusBoard}).
     */
    boolean fits(int entries, int dataBytes) {
        if (whole == null) {
            return true;
        }
        int used = whole.getInt(8); // PerfDataPrologue.used, after magic, byte order, versions, accessible
        return whole.capacity() - used - entries * ENTRY_OVERHEAD - dataBytes >= KEPT_FREE;
    }

    boolean knowsItsRoom() {
        return whole != null;
    }

    Counter counter(String name) throws Throwable {
        ByteBuffer memory = JDK_8 ? (ByteBuffer) invoke(createLongMethod, perf, name, V_MONOTONIC, U_EVENTS, 0L)
                : (ByteBuffer) createLong.invokeExact(name, V_MONOTONIC, U_EVENTS, 0L);
        return new Counter(memory.order(ByteOrder.nativeOrder()));
    }

    /** A text of at most {@code capacity - 1} bytes of UTF-8; {@code constant} for one written once. */
    Text text(String name, int capacity, String value, boolean constant) throws Throwable {
        byte[] initial = Text.bytes(value, capacity);
        int variability = constant ? V_CONSTANT : V_VARIABLE;
        ByteBuffer memory = JDK_8
                ? (ByteBuffer) invoke(createByteArrayMethod, perf, name, variability, U_STRING, initial, capacity)
                : (ByteBuffer) createByteArray.invokeExact(name, variability, U_STRING, initial, capacity);
        return new Text(memory, capacity);
    }

    private static Object invoke(Method method, Object target, Object... arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * A count in perf data. The count itself is kept here, and each update writes it there; a
     * writer that finds the count moved on since its own write writes again, so concurrent lookups
     * can never leave a lower count behind.
     */
    static final class Counter {
        private final AtomicLong count = new AtomicLong();
        private final ByteBuffer memory;

        Counter(ByteBuffer memory) {
            this.memory = memory;
        }

        void increment() {
            long written = count.incrementAndGet();
            memory.putLong(0, written);
            long now;
            while ((now = count.get()) != written) {
                written = now;
                memory.putLong(0, written);
            }
        }

        long get() {
            return count.get();
        }
    }

    /** A NUL-terminated UTF-8 text in perf data, cut with "..." where it is longer than its room. */
    static final class Text {
        private final ByteBuffer memory;
        private final int capacity;

        Text(ByteBuffer memory, int capacity) {
            this.memory = memory;
            this.capacity = capacity;
        }

        /**
         * The first byte goes last: a reader in between sees an empty text, never half of two.
         */
        synchronized void set(String value) {
            byte[] bytes = bytes(value, capacity);
            memory.put(0, (byte) 0);
            for (int i = 1; i < bytes.length; i++) {
                memory.put(i, bytes[i]);
            }
            memory.put(0, bytes[0]);
        }

        /** The value's UTF-8 with its NUL, at most {@code capacity} bytes: cut, and "..." added, where longer. */
        static byte[] bytes(String value, int capacity) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
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
}
