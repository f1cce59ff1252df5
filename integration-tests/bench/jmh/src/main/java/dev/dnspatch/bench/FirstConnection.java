package dev.dnspatch.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Time to first connection, as an application sees it: resolve a name, then try its addresses
 * in the order the JVM returns them, each with a connect timeout, until one connects. The
 * listener is this JVM's own, on 127.0.0.1; an unreachable address swallows the connect.
 *
 * <p>usage: FirstConnection HOST TIMEOUT_MS; prints the milliseconds from the lookup to the
 * connected socket, or "failed".
 */
public final class FirstConnection {
    private FirstConnection() {
    }

    public static void main(String[] args) throws IOException {
        String host = args[0];
        int timeoutMillis = Integer.parseInt(args[1]);
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
            long start = System.nanoTime();
            for (InetAddress address : InetAddress.getAllByName(host)) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, listener.getLocalPort()), timeoutMillis);
                    System.out.println((System.nanoTime() - start) / 1_000_000);
                    return;
                } catch (IOException unreachable) {
                    System.err.println(address + ": " + unreachable.getMessage());
                }
            }
            System.out.println("failed");
        }
    }
}
