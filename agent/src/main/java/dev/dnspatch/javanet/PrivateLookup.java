package dev.dnspatch.javanet;

import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.util.function.Consumer;

/**
 * The only class {@code java.net} is ever opened to. The application's class loader never loads
 * it: {@link JavaNet} defines it in a class loader of its own, whose unnamed module holds this
 * class alone, and opens {@code java.net} to that module. Its initializer makes a private lookup
 * in {@code InetAddress} and hands it to that loader, through a JDK interface: its loader sees
 * the boot loader's classes and nothing else, so it names JDK types only.
 */
final class PrivateLookup {
    static {
        @SuppressWarnings("unchecked")
        Consumer<Object> receiver = (Consumer<Object>) PrivateLookup.class.getClassLoader();
        try {
            receiver.accept(MethodHandles.privateLookupIn(InetAddress.class, MethodHandles.lookup()));
        } catch (ReflectiveOperationException e) {
            // The IllegalAccessException privateLookupIn declares, caught as its (always loaded)
            // superclass: a catch of the class itself would load it in every premain that gets here.
            receiver.accept(e);
        }
    }

    private PrivateLookup() {
    }
}
