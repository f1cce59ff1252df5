package dev.dnspatch.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The policy alone, as a lookup meets it: the policy premain installed ({@code -javaagent:...=hosts=
 * db.bench.test} in the fork's JVM options) given an answer of one IPv6 and one IPv4 address for
 * the matching name, which it cuts to the IPv4 one (and, from the build with {@code status}, counts
 * in the JVM's perf data). No resolver runs, so what it measures is dnspatch's own work per
 * lookup, free of glibc's, which on a busy machine varies by more than that work takes. Reached by
 * reflection: the agent's classes are on the system class path only in a JVM it was loaded into.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBenchmark {
    private Object policy;
    private MethodHandle apply;
    private InetAddress[] answer;

    @Setup
    public void installedPolicy() throws Exception {
        Class<?> startup = Class.forName("dev.dnspatch.Startup");
        Field installed = startup.getDeclaredField("installedPolicy");
        installed.setAccessible(true);
        policy = installed.get(null);
        if (policy == null) {
            throw new IllegalStateException("no policy installed: run with -javaagent:dnspatch-agent.jar=hosts=db.bench.test");
        }
        Method method = policy.getClass().getMethod("apply", String.class, InetAddress[].class);
        apply = MethodHandles.lookup().unreflect(method)
                .asType(MethodType.methodType(InetAddress[].class, Object.class, String.class, InetAddress[].class));
        answer = new InetAddress[] {InetAddress.getByName("2001:db8::1"), InetAddress.getByName("127.0.0.1")};
    }

    @Benchmark
    public InetAddress[] apply() throws Throwable {
        return (InetAddress[]) apply.invokeExact(policy, "db.bench.test", answer);
    }
}
