package dev.dnspatch.it.apps;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.shade.io.netty.channel.EventLoopGroup;
import org.apache.pulsar.shade.io.netty.channel.nio.NioEventLoopGroup;
import org.apache.pulsar.shade.io.netty.channel.socket.nio.NioDatagramChannel;
import org.apache.pulsar.shade.io.netty.handler.codec.dns.DefaultDnsQuestion;
import org.apache.pulsar.shade.io.netty.handler.codec.dns.DnsRawRecord;
import org.apache.pulsar.shade.io.netty.handler.codec.dns.DnsRecord;
import org.apache.pulsar.shade.io.netty.handler.codec.dns.DnsRecordType;
import org.apache.pulsar.shade.io.netty.resolver.dns.DnsNameResolver;
import org.apache.pulsar.shade.io.netty.resolver.dns.DnsNameResolverBuilder;
import org.apache.pulsar.shade.io.netty.util.ReferenceCountUtil;
import org.apache.pulsar.shade.io.netty.util.concurrent.Future;

/**
 * {@link NettyResolveApp} on the copy of Netty that Pulsar's client jar ships relocated under
 * {@code org.apache.pulsar.shade.io.netty}, the copy its connections resolve with: for each name,
 * the whole answer and one address, as Netty's defaults configure the resolver, then the AAAA
 * records of a question of the client's own:
 *
 * <pre>
 * relocated db.example.test all: 2001:db8::1, 127.0.0.1
 * relocated db.example.test one: 2001:db8::1
 * relocated db.example.test AAAA records: 2001:db8::1
 * </pre>
 */
public final class RelocatedNettyResolveApp {
    private RelocatedNettyResolveApp() {
    }

    public static void main(String[] args) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            DnsNameResolver resolver = new DnsNameResolverBuilder(group.next())
                    .channelType(NioDatagramChannel.class).build();
            for (String host : args) {
                System.out.println("relocated " + host + " all: " + all(resolver.resolveAll(host)));
                System.out.println("relocated " + host + " one: " + one(resolver.resolve(host)));
                System.out.println("relocated " + host + " AAAA records: "
                        + records(resolver.resolveAll(new DefaultDnsQuestion(host, DnsRecordType.AAAA))));
            }
            resolver.close();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private static String all(Future<List<InetAddress>> lookup) throws InterruptedException {
        if (!lookup.await(20, TimeUnit.SECONDS)) {
            return "no answer in 20 s";
        }
        if (!lookup.isSuccess()) {
            return "failed " + AppText.oneLine(lookup.cause());
        }
        List<String> addresses = new ArrayList<String>();
        for (InetAddress address : lookup.getNow()) {
            addresses.add(AppText.address(address));
        }
        return String.join(", ", addresses);
    }

    private static String one(Future<InetAddress> lookup) throws InterruptedException {
        if (!lookup.await(20, TimeUnit.SECONDS)) {
            return "no answer in 20 s";
        }
        return lookup.isSuccess() ? AppText.address(lookup.getNow())
                : "failed " + AppText.oneLine(lookup.cause());
    }

    private static String records(Future<List<DnsRecord>> lookup) throws Exception {
        if (!lookup.await(20, TimeUnit.SECONDS)) {
            return "no answer in 20 s";
        }
        if (!lookup.isSuccess()) {
            return "failed " + AppText.oneLine(lookup.cause());
        }
        List<String> shown = new ArrayList<String>();
        for (DnsRecord record : lookup.getNow()) {
            if (record instanceof DnsRawRecord) {
                byte[] bytes = new byte[((DnsRawRecord) record).content().readableBytes()];
                ((DnsRawRecord) record).content().getBytes(((DnsRawRecord) record).content().readerIndex(), bytes);
                shown.add(AppText.address(InetAddress.getByAddress(bytes)));
            } else {
                shown.add(record.type().name());
            }
            ReferenceCountUtil.release(record);
        }
        return String.join(", ", shown);
    }
}
