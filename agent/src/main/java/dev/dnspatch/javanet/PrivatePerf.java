package dev.dnspatch.javanet;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Function;
import jdk.internal.perf.Perf;

/**
 * The only class {@code jdk.internal.perf} is ever exported to. As {@link PrivateLookup} does for
 * {@code java.net}, {@link JavaNet} defines it in a class loader of its own, whose unnamed module
 * holds this class alone, and exports the package to that module; its initializer hands an
 * instance to that loader. dnspatch calls it through a JDK interface, and it calls {@code Perf}
 * directly: method handles or reflection would spin classes on the first lookup (measured on
 * JDK 25: 35 to 160 ms for the handles; these plain calls take microseconds).
 *
 * <p>Compiled on its own, for Java 9 with the package exported to it (see the pom): {@code --release}
 * cannot see a package the JDK does not export. It uses only what {@code Perf} has had from JDK 9 to 25.
 */
final class PrivatePerf implements Function<Object[], ByteBuffer> {
    static {
        @SuppressWarnings("unchecked")
        Consumer<Object> receiver = (Consumer<Object>) PrivatePerf.class.getClassLoader();
        receiver.accept(new PrivatePerf());
    }

    private PrivatePerf() {
    }

    /**
     * {@code {name, variability, units, Long value}}: {@code createLong}; {@code {name,
     * variability, units, byte[] value, Integer maxLength}}: {@code createByteArray}.
     */
    @Override
    public ByteBuffer apply(Object[] entry) {
        Perf perf = Perf.getPerf();
        String name = (String) entry[0];
        int variability = (Integer) entry[1];
        int units = (Integer) entry[2];
        if (entry[3] instanceof Long) {
            return perf.createLong(name, variability, units, (Long) entry[3]);
        }
        return perf.createByteArray(name, variability, units, (byte[]) entry[3], (Integer) entry[4]);
    }
}
