package dev.dnspatch.it.apps;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

/**
 * An unmodified app with Jetty 12's {@code HttpClient} (Java 17 and later, so compiled for release
 * 17), which resolves with its default {@code SocketAddressResolver}, that is
 * {@code InetAddress.getAllByName}: one GET to {@code http://HOST:PORT/}, with the connect timeout
 * given in milliseconds. Same output as {@link JdkHttpClientApp}.
 */
public final class JettyHttpClientApp {
    private JettyHttpClientApp() {
    }

    public static void main(String[] args) throws Exception {
        HttpClient client = new HttpClient();
        client.setConnectTimeout(Long.parseLong(args[2]));
        client.start();
        long start = System.nanoTime();
        String result;
        try {
            ContentResponse response = client.newRequest("http://" + args[0] + ":" + args[1] + "/")
                    .timeout(30, TimeUnit.SECONDS).send();
            result = "ok HTTP " + response.getStatus() + ", server " + response.getContentAsString();
        } catch (ExecutionException e) {
            result = "failed " + Chain.of(e.getCause(), null);
        } catch (Exception e) {
            result = "failed " + Chain.of(e, null);
        } finally {
            client.stop();
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println(result);
        System.out.println("took " + took + " ms");
        System.exit(result.startsWith("ok ") ? 0 : 1);
    }
}
