package dev.dnspatch.cli;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The JDK's Attach API ({@code com.sun.tools.attach}), reached by name. The jar is Java 8
 * bytecode and must start on a JRE too, so it cannot link against it: on JDK 9 and later the API
 * is the {@code jdk.attach} module, which JREs leave out; on JDK 8 it is in the JDK's
 * {@code lib/tools.jar}, loaded here in a class loader of its own, from the JDK that runs the
 * command.
 */
final class AttachApi {
    private static final String VIRTUAL_MACHINE = "com.sun.tools.attach.VirtualMachine";

    private final Class<?> virtualMachine;

    private AttachApi(Class<?> virtualMachine) {
        this.virtualMachine = virtualMachine;
    }

    /** Thrown with one line for the user when this Java has no Attach API, or the API failed. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        /** The simple name of the Attach API's exception, or of the I/O error, behind this one. */
        final String kind;

        Failure(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    static AttachApi load() throws Failure {
        try {
            return new AttachApi(Class.forName(VIRTUAL_MACHINE));
        } catch (ClassNotFoundException | LinkageError notHere) {
            // JDK 8: tools.jar, beside the JRE that java.home names.
        }
        String javaHome = System.getProperty("java.home");
        boolean jdk8 = System.getProperty("java.specification.version").startsWith("1.");
        if (!jdk8) {
            throw new Failure("NoAttachApi", "this Java (" + javaHome + ") has no Attach API: the jdk.attach module"
                    + " is missing, as in a JRE; run the command with a JDK's java");
        }
        File[] candidates = {new File(javaHome, "../lib/tools.jar"), new File(javaHome, "lib/tools.jar")};
        for (File tools : candidates) {
            if (tools.isFile()) {
                try {
                    URLClassLoader loader = new URLClassLoader(new URL[] {tools.toURI().toURL()},
                            AttachApi.class.getClassLoader());
                    return new AttachApi(Class.forName(VIRTUAL_MACHINE, true, loader));
                } catch (Exception | LinkageError e) {
                    throw new Failure("NoAttachApi", "cannot load the Attach API from " + tools + " (" + e + ")");
                }
            }
        }
        throw new Failure("NoAttachApi", "this Java (" + javaHome + ") has no Attach API: no lib/tools.jar, as in a"
                + " JRE; run the command with a JDK's java");
    }

    /** The local JVMs the API can see, as {id, display name} pairs. */
    List<String[]> list() throws Failure {
        List<String[]> found = new ArrayList<>();
        for (Object descriptor : (List<?>) call(null, method(virtualMachine, "list"))) {
            String id = (String) call(descriptor, method(descriptor.getClass(), "id"));
            String name = (String) call(descriptor, method(descriptor.getClass(), "displayName"));
            found.add(new String[] {id, name});
        }
        return found;
    }

    Target attach(String pid) throws Failure {
        return new Target(call(null, method(virtualMachine, "attach", String.class), pid));
    }

    /** One attached JVM. */
    final class Target {
        private final Object vm;

        private Target(Object vm) {
            this.vm = vm;
        }

        void loadAgent(String jar, String options) throws Failure {
            call(vm, method(virtualMachine, "loadAgent", String.class, String.class), jar, options);
        }

        Properties systemProperties() throws Failure {
            return (Properties) call(vm, method(virtualMachine, "getSystemProperties"));
        }

        Properties agentProperties() throws Failure {
            return (Properties) call(vm, method(virtualMachine, "getAgentProperties"));
        }

        void detach() {
            try {
                call(vm, method(virtualMachine, "detach"));
            } catch (Failure ignored) {
                // Nothing more to say to this JVM.
            }
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) throws Failure {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new Failure("NoAttachApi", "the Attach API of this Java has no " + name + " method");
        }
    }

    /** Calls the API; what it throws becomes a Failure that keeps the exception's kind and message. */
    private static Object call(Object target, Method method, Object... arguments) throws Failure {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new Failure(cause.getClass().getSimpleName(), message.trim());
        } catch (IllegalAccessException e) {
            throw new Failure("NoAttachApi", "the Attach API cannot be called here (" + e.getMessage() + ")");
        }
    }
}
