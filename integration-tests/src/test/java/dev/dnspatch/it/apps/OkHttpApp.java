package dev.dnspatch.it.apps;

import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An unmodified app with OkHttp 5 as it comes (its default {@code Dns.SYSTEM}, which is
 * {@code InetAddress.getAllByName}, and its default fast fallback): one GET to
 * {@code http://HOST:PORT/}, with the connect timeout given in milliseconds. Same output as
 * {@link JdkHttpClientApp}.
 */
public final class OkHttpApp {
    private OkHttpApp() {
    }

    public static void main(String[] args) {
        OkHttpClient client = new OkHttpClient.Builder()
                .connectTimeout(Long.parseLong(args[2]), TimeUnit.MILLISECONDS).build();
        Request request = new Request.Builder().url("http://" + args[0] + ":" + args[1] + "/").build();
        long start = System.nanoTime();
        String result;
        try (Response response = client.newCall(request).execute()) {
            result = "ok HTTP " + response.code() + ", server " + response.body().string();
        } catch (Exception e) {
            result = "failed " + Chain.of(e, null);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.println(result);
        System.out.println("took " + took + " ms");
        System.exit(result.startsWith("ok ") ? 0 : 1);
    }
}
