package dev.dnspatch.it.support;

import static dev.dnspatch.it.support.Shell.quote;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A real HTTP server (the JDK's {@code com.sun.net.httpserver}) on {@code 127.0.0.1} and
 * {@code [::1]}, port {@value #PORT}, in the namespace of each run, for the HTTP clients' apps.
 * Every request gets {@code 200} and, as its body, the server's own address of the connection
 * ({@code 127.0.0.1} or {@code ::1}): the address the client really connected to.
 *
 * <p>Run as {@code java -cp TEST_CLASSES dev.dnspatch.it.support.HttpServer READY_FILE}: it creates
 * READY_FILE once both addresses listen, and logs one line per request on stdout.
 * {@link #addTo} adds it to each run of a {@link ScenarioLauncher}.
 */
public final class HttpServer {
    public static final int PORT = 8080;

    private HttpServer() {
    }

    public static void main(String[] args) throws IOException {
        for (String address : List.of("127.0.0.1", "::1")) {
            com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                    new InetSocketAddress(InetAddress.getByName(address), PORT), 16);
            server.createContext("/", HttpServer::answer);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }
        Files.writeString(Paths.get(args[0]), "listening on 127.0.0.1 and [::1], port " + PORT + "\n");
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String server = exchange.getLocalAddress().getAddress().getHostAddress();
        System.out.println(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " from "
                + exchange.getRemoteAddress().getAddress().getHostAddress() + " to " + server);
        byte[] body = server.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Adds this server to each run of the launcher, ready once both addresses listen. */
    public static ScenarioLauncher addTo(ScenarioLauncher launcher) {
        // The app's JAVA_TOOL_OPTIONS, and the agent in it, are for the app only.
        String command = "env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS " + quote(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-cp", ForkedJvm.testClasses().toString(), HttpServer.class.getName()))
                + " \"$run/http.ready\"";
        return launcher.server("http", command, "[ -e \"$run/http.ready\" ]");
    }

    /** {@code http://HOST:PORT/}. */
    public static String url(String host) {
        return "http://" + host + ":" + PORT + "/";
    }
}
