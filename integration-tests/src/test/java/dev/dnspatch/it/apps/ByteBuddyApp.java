package dev.dnspatch.it.apps;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.loading.ClassReloadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * An app that brings its own Byte Buddy and dnsjava, unrelocated, in other versions than the
 * ones shaded into dnspatch: it installs Byte Buddy's agent into itself (as mocking libraries
 * do), defines a class and redefines another, uses dnsjava, then runs {@link ProbeApp}'s lookups.
 * On JDK 18+ dnsjava's jar also registers dnsjava's resolver provider.
 */
public final class ByteBuddyApp {
    private ByteBuddyApp() {
    }

    /** Redefined at run time; not final, so the JIT keeps no stale copy. */
    public static final class Greeting {
        private Greeting() {
        }

        public static String text() {
            return "as compiled";
        }
    }

    public static void main(String[] hosts) throws Exception {
        // Through reflection: byte-buddy-agent is on the app's class path, not the tests'.
        Instrumentation instrumentation = (Instrumentation) Class.forName("net.bytebuddy.agent.ByteBuddyAgent")
                .getMethod("install").invoke(null);
        Class<?> defined = new ByteBuddy().subclass(Object.class).name(ByteBuddyApp.class.getName() + "$Defined")
                .method(named("toString")).intercept(FixedValue.value("made by Byte Buddy"))
                .make().load(ByteBuddyApp.class.getClassLoader(), ClassInjector.UsingLookup.isAvailable()
                        ? ClassLoadingStrategy.UsingLookup.of(MethodHandles.lookup())
                        : ClassLoadingStrategy.Default.INJECTION) // JDK 8 has no Lookup.defineClass
                .getLoaded();
        System.out.println("defined: " + defined.getDeclaredConstructor().newInstance());
        new ByteBuddy().redefine(Greeting.class).method(named("text")).intercept(FixedValue.value("redefined"))
                .make().load(Greeting.class.getClassLoader(), ClassReloadingStrategy.of(instrumentation));
        System.out.println("greeting: " + Greeting.text());
        System.out.println("dnsjava: " + Name.fromString("db.example.test.") + " " + Type.string(Type.AAAA));
        ProbeApp.main(hosts);
    }
}
