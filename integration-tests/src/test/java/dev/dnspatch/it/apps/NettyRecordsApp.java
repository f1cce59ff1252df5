package dev.dnspatch.it.apps;

import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An app that asks Netty's own DNS resolver for records itself, as clients that build their
 * addresses from A and AAAA records do (Armeria): for each name given, and each record type of
 * {@code app.types} (default {@code AAAA,A}), one line per way of asking ({@code app.apis}, default
 * all three):
 *
 * <pre>
 * db.example.test AAAA records: 2001:db8::1          (resolveAll(DnsQuestion))
 * db.example.test AAAA query: NOERROR 2001:db8::1    (query(DnsQuestion), the response's answer section)
 * db.example.test AAAA query+promise: NOERROR ...    (query(DnsQuestion, Promise), a listener added before)
 * db.example.test A records: failed java.net.UnknownHostException: ...
 * </pre>
 *
 * Records other than A and AAAA are shown as their type and size ({@code TXT(12 bytes)}). The
 * app checks that no record it was handed leaks: each is released once, and must be live then.
 * Netty's own questions end the name with the root's dot; with {@code app.plainNames=true} the app
 * asks {@code resolveAll} as Armeria does, without it, which is how Netty's hosts file answers
 * them ({@code query} matches the response's question by equality, which only Netty's own has).
 */
public final class NettyRecordsApp {
    private NettyRecordsApp() {
    }

    public static void main(String[] args) throws Exception {
        String[] types = System.getProperty("app.types", "AAAA,A").split(",");
        List<String> apis = java.util.Arrays.asList(System.getProperty("app.apis", "records,query,query+promise")
                .split(","));
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            DnsNameResolver resolver = new DnsNameResolverBuilder(group.next())
                    .channelType(NioDatagramChannel.class).build();
            for (String host : args) {
                for (String type : types) {
                    DnsQuestion question = new DefaultDnsQuestion(host, DnsRecordType.valueOf(type));
                    if (apis.contains("records")) {
                        DnsQuestion asked = Boolean.getBoolean("app.plainNames")
                                ? new PlainQuestion(host, DnsRecordType.valueOf(type)) : question;
                        System.out.println(host + " " + type + " records: " + records(resolver.resolveAll(asked)));
                    }
                    if (apis.contains("query")) {
                        System.out.println(host + " " + type + " query: " + response(resolver.query(question)));
                    }
                    if (!apis.contains("query+promise")) {
                        continue;
                    }
                    Promise<AddressedEnvelope<? extends DnsResponse, InetSocketAddress>> promise =
                            group.next().newPromise();
                    final String[] seen = new String[1];
                    final CountDownLatch heard = new CountDownLatch(1);
                    // A listener the caller added before asking: it must see what the caller gets.
                    promise.addListener(new GenericFutureListener<Future<AddressedEnvelope<? extends DnsResponse,
                            InetSocketAddress>>>() {
                        @Override
                        public void operationComplete(Future<AddressedEnvelope<? extends DnsResponse,
                                InetSocketAddress>> f) {
                            seen[0] = f.isSuccess() ? describe(f.getNow()) : "failed";
                            heard.countDown();
                        }
                    });
                    Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> asked = resolver.query(question, promise);
                    // Listeners run after the promise is done: wait for this one before the envelope goes.
                    heard.await(20, TimeUnit.SECONDS);
                    String answer = response(asked);
                    System.out.println(host + " " + type + " query+promise: " + answer + " (a listener added before"
                            + " saw " + seen[0] + ")");
                }
            }
            resolver.close();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private static String records(Future<List<DnsRecord>> lookup) throws InterruptedException {
        if (!lookup.await(20, TimeUnit.SECONDS)) {
            return "no answer in 20 s";
        }
        if (!lookup.isSuccess()) {
            return "failed " + AppText.oneLine(lookup.cause());
        }
        List<String> shown = new ArrayList<String>();
        for (DnsRecord record : lookup.getNow()) {
            shown.add(show(record));
            release(record);
        }
        return join(shown);
    }

    private static String response(Future<? extends AddressedEnvelope<? extends DnsResponse, InetSocketAddress>> query)
            throws InterruptedException {
        if (!query.await(20, TimeUnit.SECONDS)) {
            return "no answer in 20 s";
        }
        if (!query.isSuccess()) {
            return "failed " + AppText.oneLine(query.cause());
        }
        AddressedEnvelope<? extends DnsResponse, InetSocketAddress> envelope = query.getNow();
        String line = describe(envelope);
        release(envelope);
        return line;
    }

    /** The response's code and its answer section. */
    static String describe(AddressedEnvelope<? extends DnsResponse, InetSocketAddress> envelope) {
        DnsResponse response = envelope.content();
        List<String> shown = new ArrayList<String>();
        for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
            shown.add(show(response.recordAt(DnsSection.ANSWER, i)));
        }
        return response.code() + (shown.isEmpty() ? "" : " " + join(shown));
    }

    private static String show(DnsRecord record) {
        if (record instanceof DnsRawRecord) {
            DnsRawRecord raw = (DnsRawRecord) record;
            int size = raw.content().readableBytes();
            if ((record.type() == DnsRecordType.A && size == 4) || (record.type() == DnsRecordType.AAAA && size == 16)) {
                byte[] bytes = new byte[size];
                raw.content().getBytes(raw.content().readerIndex(), bytes);
                try {
                    return AppText.address(InetAddress.getByAddress(bytes));
                } catch (java.net.UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
            return record.type().name() + "(" + size + " bytes)";
        }
        return record.type().name();
    }

    /** Releases what the app was handed, once: a record released already by someone else fails here. */
    private static void release(Object counted) {
        if (counted instanceof ReferenceCounted && ((ReferenceCounted) counted).refCnt() == 0) {
            throw new IllegalStateException("released already: " + counted);
        }
        ReferenceCountUtil.release(counted);
    }

    private static String join(List<String> parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append(out.length() == 0 ? "" : ", ").append(part);
        }
        return out.toString();
    }

    /** A question whose name has no trailing dot, as Armeria's {@code DnsQuestionWithoutTrailingDot}. */
    private static final class PlainQuestion implements DnsQuestion {
        private final String name;
        private final DnsRecordType type;

        PlainQuestion(String name, DnsRecordType type) {
            this.name = name;
            this.type = type;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DnsRecordType type() {
            return type;
        }

        @Override
        public int dnsClass() {
            return DnsRecord.CLASS_IN;
        }

        @Override
        public long timeToLive() {
            return 0;
        }
    }
}
