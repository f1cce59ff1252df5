package dev.dnspatch.it.apps;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * An unmodified app with Apache HttpClient 5's classic client (what Spring's
 * {@code HttpComponentsClientHttpRequestFactory} builds on), which resolves with its default
 * {@code SystemDefaultDnsResolver}, that is {@code InetAddress.getAllByName}: one GET to
 * {@code http://HOST:PORT/}, with the connect timeout given in milliseconds. Same output as
 * {@link JdkHttpClientApp}.
 */
public final class ApacheHttpClientApp {
    private ApacheHttpClientApp() {
    }

    public static void main(String[] args) {
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(Long.parseLong(args[2]))).build();
        CloseableHttpClient client = HttpClients.custom().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create().setDefaultConnectionConfig(connections).build())
                .build();
        long start = System.nanoTime();
        String result;
        try {
            result = client.execute(new HttpGet("http://" + args[0] + ":" + args[1] + "/"),
                    response -> "ok HTTP " + response.getCode() + ", server " + EntityUtils.toString(response.getEntity()));
        } catch (Exception e) {
            result = "failed " + Chain.of(e, null);
        } finally {
            client.close(CloseMode.IMMEDIATE);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println(result);
        System.out.println("took " + took + " ms");
        System.exit(result.startsWith("ok ") ? 0 : 1);
    }
}
