package dev.dnspatch.it.apps;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An app that sends one GET with Armeria's {@code WebClient}, as its defaults configure it:
 * Armeria resolves the name itself, asking Netty's DNS resolver for A and AAAA records, and
 * connects to the first address of the family it prefers. Prints one line, and exits 1 on a
 * failure:
 *
 * <pre>
 * status 200: hello over 127.0.0.1
 * failed com.linecorp.armeria.client.UnprocessedRequestException: ...; caused by ...: Network is unreachable:
 *     db.example.test/[2001:db8:0:0:0:0:0:1]:8080; caused by java.net.SocketException: Network is unreachable
 * </pre>
 */
public final class ArmeriaApp {
    private ArmeriaApp() {
    }

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            AggregatedHttpResponse response = WebClient.of().get(args[0]).aggregate().get(30, TimeUnit.SECONDS);
            System.out.println("status " + response.status().code() + ": " + response.contentUtf8());
        } catch (ExecutionException e) {
            // The whole chain: the address Armeria tried is in Netty's annotated exception, the
            // reason in the socket's.
            StringBuilder line = new StringBuilder("failed");
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause() == cause ? null
                    : cause.getCause()) {
                line.append(line.length() == 6 ? " " : "; caused by ").append(AppText.oneLine(cause));
            }
            System.out.println(line);
            status = 1;
        }
        // Armeria's default client factory lives as long as the JVM.
        System.exit(status);
    }
}
