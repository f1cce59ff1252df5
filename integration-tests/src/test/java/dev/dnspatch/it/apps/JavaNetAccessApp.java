package dev.dnspatch.it.apps;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;

/**
 * An app that asks what it may do to {@code java.net}, then runs {@link ProbeApp} on its
 * arguments. Java 8 source: the module questions go through reflection, and on JDK 8 (no modules)
 * the answers are {@code no modules}.
 *
 * <p>Prints {@code java.net open to the class path: BOOLEAN} (the system class loader's unnamed
 * module), {@code java.net open to this app's module: BOOLEAN}, and
 * {@code reflection into java.net: allowed|denied}, which really tries
 * {@code setAccessible} on a private field of {@code InetAddress}.
 */
public final class JavaNetAccessApp {
    private JavaNetAccessApp() {
    }

    public static void main(String[] hosts) throws Exception {
        Method getModule;
        try {
            getModule = Class.class.getMethod("getModule");
        } catch (NoSuchMethodException jdk8) {
            getModule = null;
        }
        if (getModule == null) {
            System.out.println("java.net open to the class path: no modules");
            System.out.println("java.net open to this app's module: no modules");
        } else {
            Object javaBase = getModule.invoke(Object.class);
            Object classPath = ClassLoader.class.getMethod("getUnnamedModule").invoke(ClassLoader.getSystemClassLoader());
            Object own = getModule.invoke(JavaNetAccessApp.class);
            Method isOpen = javaBase.getClass().getMethod("isOpen", String.class, getModule.getReturnType());
            System.out.println("java.net open to the class path: " + isOpen.invoke(javaBase, "java.net", classPath));
            System.out.println("java.net open to this app's module: " + isOpen.invoke(javaBase, "java.net", own));
        }
        System.out.println("reflection into java.net: " + reflect());
        ProbeApp.main(hosts);
    }

    private static String reflect() {
        try {
            Field holder = InetAddress.class.getDeclaredField("holder");
            holder.setAccessible(true);
            return "allowed";
        } catch (RuntimeException e) {
            // InaccessibleObjectException on JDK 9+, a class Java 8 source cannot name.
            return "denied";
        } catch (NoSuchFieldException e) {
            return "no field " + e.getMessage();
        }
    }
}
