package dev.dnspatch.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One {@code InetAddress.getAllByName} per operation. Whether the JVM's cache answers or the
 * resolver runs (glibc reading the hosts file) is set from outside, with
 * {@code networkaddress.cache.ttl}; so is the agent. See {@link LookupRun}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LookupBenchmark {
    @Param("localhost")
    public String name;

    @Benchmark
    public InetAddress[] getAllByName() throws UnknownHostException {
        return InetAddress.getAllByName(name);
    }
}
