package dev.dnspatch.it.apps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * An unmodified app: for each host, it resolves the name and connects a plain TCP client to a
 * listener on 127.0.0.1 (on every address, IPv6 loopback included, with {@code -Dapp.listen=any}),
 * the way most clients do, through the first address only.
 *
 * <p>Prints {@code resolve HOST: ADDRESSES} and {@code connect HOST: ok ADDRESS} or
 * {@code connect HOST: failed EXCEPTION}.
 */
public final class ProbeApp {
    private ProbeApp() {
    }

    public static void main(String[] hosts) throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            boolean any = listensOnAny();
            listener.bind(any ? new InetSocketAddress(0)
                    : new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
            for (String host : hosts) {
                System.out.println("resolve " + host + ": " + resolve(host));
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(host, listener.getLocalPort()), 5000);
                    System.out.println("connect " + host + ": ok " + socket.getInetAddress().getHostAddress());
                } catch (Exception e) {
                    System.out.println("connect " + host + ": failed " + e);
                }
            }
        }
    }

    /** Under a SecurityManager whose policy grants the app no property, the default. */
    private static boolean listensOnAny() {
        try {
            return "any".equals(System.getProperty("app.listen"));
        } catch (SecurityException denied) {
            return false;
        }
    }

    private static String resolve(String host) {
        try {
            List<String> addresses = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(host)) {
                addresses.add(address.getHostAddress());
            }
            return String.join(" ", addresses);
        } catch (Exception e) {
            return "failed " + e;
        }
    }
}
