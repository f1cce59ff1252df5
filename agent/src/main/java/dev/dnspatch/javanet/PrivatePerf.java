package dev.dnspatch.javanet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The only class {@code jdk.internal.perf} is ever exported to. As {@link PrivateLookup} does for
 * {@code java.net}, {@link JavaNet} defines it in a class loader of its own, whose unnamed module
 * holds this class alone, and exports the package to that module. Its initializer finds the
 * JVM's {@code Perf} and hands over the two methods that create perf-data entries and the one that
 * maps this JVM's own perf data (to see how much room is left in it), bound to it: a method handle
 * carries the access it was found with, so dnspatch can call them from its own module without the
 * package ever being exported there.
 */
final class PrivatePerf {
    static {
        @SuppressWarnings("unchecked")
        Consumer<Object> receiver = (Consumer<Object>) PrivatePerf.class.getClassLoader();
        try {
            Class<?> perfType = Class.forName("jdk.internal.perf.Perf");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Object perf = lookup.findStatic(perfType, "getPerf", MethodType.methodType(perfType)).invoke();
            MethodHandle createLong = lookup.findVirtual(perfType, "createLong", MethodType.methodType(ByteBuffer.class,
                    String.class, int.class, int.class, long.class)).bindTo(perf);
            MethodHandle createByteArray = lookup.findVirtual(perfType, "createByteArray",
                    MethodType.methodType(ByteBuffer.class, String.class, int.class, int.class, byte[].class, int.class))
                    .bindTo(perf);
            receiver.accept(new MethodHandle[] {createLong, createByteArray, ownMemory(lookup, perfType, perf)});
        } catch (Throwable e) {
            receiver.accept(e);
        }
    }

    private PrivatePerf() {
    }

    /** {@code attach(0)} as {@code () -> ByteBuffer}: {@code attach(int)} on JDK 21 and later, {@code attach(int, String)} before. */
    private static MethodHandle ownMemory(MethodHandles.Lookup lookup, Class<?> perfType, Object perf)
            throws ReflectiveOperationException {
        try {
            return MethodHandles.insertArguments(lookup.findVirtual(perfType, "attach",
                    MethodType.methodType(ByteBuffer.class, int.class)).bindTo(perf), 0, 0);
        } catch (NoSuchMethodException older) {
            return MethodHandles.insertArguments(lookup.findVirtual(perfType, "attach",
                    MethodType.methodType(ByteBuffer.class, int.class, String.class)).bindTo(perf), 0, 0, "r");
        }
    }
}
