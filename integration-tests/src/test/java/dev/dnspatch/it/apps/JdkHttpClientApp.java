package dev.dnspatch.it.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An unmodified app with the JDK's own {@code java.net.http.HttpClient} (JDK 11 and later, so
 * compiled for release 11): one GET to {@code http://HOST:PORT/}, with the connect timeout given in
 * milliseconds. The client connects to the first address of the name only.
 *
 * <p>Prints {@code ok HTTP 200, server ADDRESS} (the address the server saw the app connect to) or
 * {@code failed EXCEPTION; caused by ...}, then {@code took N ms}. Exits 0 or 1.
 */
public final class JdkHttpClientApp {
    private JdkHttpClientApp() {
    }

    public static void main(String[] args) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(Long.parseLong(args[2]))).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + args[0] + ":" + args[1] + "/"))
                .timeout(Duration.ofSeconds(30)).build();
        long start = System.nanoTime();
        String result;
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            result = "ok HTTP " + response.statusCode() + ", server " + response.body();
        } catch (Exception e) {
            result = "failed " + Chain.of(e, null);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println(result);
        System.out.println("took " + took + " ms");
        System.exit(result.startsWith("ok ") ? 0 : 1);
    }
}
