package dev.dnspatch.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code resolveAll} of Netty's {@code DnsNameResolver} per operation, waited for, with both
 * families wanted (IPV4_PREFERRED, as on a machine with IPv6) and the answer coming from:
 * {@code hosts}, the namespace's /etc/hosts; {@code cached}, Netty's cache of a DNS answer;
 * {@code uncached}, a DNS query each time to a responder in this JVM ({@link TinyDnsServer}).
 * The agent is set from outside, see {@link NettyLookupRun}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NettyLookupBenchmark {
    @Param("db.bench.test")
    public String name;
    @Param({"hosts", "cached", "uncached"})
    public String source;

    private TinyDnsServer server;
    private EventLoopGroup group;
    private DnsNameResolver resolver;

    @Setup
    public void start() throws Exception {
        server = TinyDnsServer.start();
        group = new NioEventLoopGroup(1);
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder(group.next())
                .channelType(NioDatagramChannel.class)
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(server.address()));
        if (!source.equals("hosts")) {
            builder.hostsFileEntriesResolver((host, types) -> null);
        }
        if (source.equals("uncached")) {
            builder.resolveCache(NoopDnsCache.INSTANCE);
        }
        resolver = builder.build();
        resolveAll();
    }

    @Benchmark
    public List<InetAddress> resolveAll() throws Exception {
        return resolver.resolveAll(name).get(10, TimeUnit.SECONDS);
    }

    @TearDown
    public void stop() throws Exception {
        resolver.close();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        server.close();
    }
}
