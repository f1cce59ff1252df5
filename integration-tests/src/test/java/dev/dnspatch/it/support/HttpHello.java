package dev.dnspatch.it.support;

import static dev.dnspatch.it.support.Shell.quote;

import com.sun.net.httpserver.HttpServer;
import dev.dnspatch.it.apps.AppText;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain HTTP server for the clients under test, on {@code 127.0.0.1} and {@code ::1} of the
 * namespace it runs in: every request gets {@code hello over ADDRESS}, the address it came in on,
 * so a client can tell which of a name's addresses it reached. The JDK's own server, in a JVM of
 * its own started by each run of a {@link ScenarioLauncher} ({@link #addTo}).
 */
public final class HttpHello {
    public static final int PORT = 8080;

    private HttpHello() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : PORT;
        List<String> bound = new ArrayList<>();
        for (String address : new String[] {"127.0.0.1", "::1"}) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 16);
            server.createContext("/", exchange -> {
                byte[] body = ("hello over " + AppText.address(exchange.getLocalAddress().getAddress()))
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            bound.add(address);
        }
        System.out.println("listening on " + bound + " port " + port);
    }

    /** Adds this server to each run of the launcher, ready once it listens. */
    public static ScenarioLauncher addTo(ScenarioLauncher launcher) {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String command = "env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS " + quote(List.of(java,
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", ForkedJvm.testClasses().toString(),
                HttpHello.class.getName(), String.valueOf(PORT)));
        return launcher.server("http", command, "grep -q listening \"$run/http.log\"");
    }
}
