package dev.dnspatch.it.apps;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import reactor.netty.http.client.HttpClient;

/**
 * An unmodified app with reactor-netty's {@code HttpClient}, the client under Spring's
 * {@code WebClient}, which resolves names with Netty's DNS resolver (reactor-netty's default since
 * 1.0): one GET to {@code http://HOST:PORT/}, with the connect timeout given in milliseconds. Same
 * output as {@link JdkHttpClientApp}.
 */
public final class ReactorNettyHttpApp {
    private ReactorNettyHttpApp() {
    }

    public static void main(String[] args) {
        HttpClient client = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Integer.parseInt(args[2]));
        long start = System.nanoTime();
        String result;
        try {
            result = client.get().uri("http://" + args[0] + ":" + args[1] + "/")
                    .responseSingle((response, body) -> body.asString()
                            .map(text -> "ok HTTP " + response.status().code() + ", server " + text))
                    .block(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            result = "failed " + Chain.of(e, null);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println(result);
        System.out.println("took " + took + " ms");
        System.exit(result.startsWith("ok ") ? 0 : 1);
    }
}
