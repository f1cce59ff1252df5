package dev.dnspatch.it.apps;

import java.io.File;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A running app whose lookups can be counted: it prints {@code pid: PID}, looks each host up
 * ROUNDS times, printing {@code HOST: ADDRESSES} (or {@code HOST: failed EXCEPTION}) for each,
 * prints {@code done}, and then waits, doing nothing, for up to a minute. Run it with the JVM's
 * caches off ({@code -Dsun.net.inetaddr.ttl=0 -Dsun.net.inetaddr.negative.ttl=0}) and every
 * lookup reaches the resolver.
 *
 * <p>Usage: {@code CountedLookupsApp ROUNDS HOST...}
 */
public final class CountedLookupsApp {
    private CountedLookupsApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("pid: " + new File("/proc/self").getCanonicalFile().getName());
        int rounds = Integer.parseInt(args[0]);
        for (int round = 0; round < rounds; round++) {
            for (int i = 1; i < args.length; i++) {
                System.out.println(args[i] + ": " + resolve(args[i]));
            }
        }
        System.out.println("done");
        System.out.flush();
        Thread.sleep(60_000);
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
