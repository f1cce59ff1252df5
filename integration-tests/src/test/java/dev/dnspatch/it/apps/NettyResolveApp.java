package dev.dnspatch.it.apps;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An app that resolves names with Netty's own DNS resolver, as Netty's defaults configure it
 * (resolv.conf, /etc/hosts, the address types Netty picks for this machine), with the API that
 * Netty 4.1.5 to 4.2 share. For each name it prints one line for the whole answer and one for a
 * lookup of one address, each looked up {@code ROUNDS} times (a system property, default 1) with
 * {@code PAUSE_MS} between rounds, so a test can see Netty's cache at work:
 *
 * <pre>
 * db.example.test all: 127.0.0.1, 2001:db8::1
 * db.example.test one: 127.0.0.1
 * missing.example.test all: failed java.net.UnknownHostException: ...
 * </pre>
 */
public final class NettyResolveApp {
    private NettyResolveApp() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("app.rounds", 1);
        long pauseMillis = Long.getLong("app.pause.ms", 0);
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            DnsNameResolver resolver = new DnsNameResolverBuilder(group.next())
                    .channelType(NioDatagramChannel.class).build();
            for (int round = 0; round < rounds; round++) {
                if (round > 0) {
                    Thread.sleep(pauseMillis);
                }
                for (String host : args) {
                    System.out.println(host + " all: " + all(resolver.resolveAll(host)));
                    System.out.println(host + " one: " + one(resolver.resolve(host)));
                }
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
        return join(addresses);
    }

    private static String one(Future<InetAddress> lookup) throws InterruptedException {
        if (!lookup.await(20, TimeUnit.SECONDS)) {
            return "no answer in 20 s";
        }
        return lookup.isSuccess() ? AppText.address(lookup.getNow()) : "failed " + AppText.oneLine(lookup.cause());
    }

    private static String join(List<String> parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append(out.length() == 0 ? "" : ", ").append(part);
        }
        return out.toString();
    }
}
