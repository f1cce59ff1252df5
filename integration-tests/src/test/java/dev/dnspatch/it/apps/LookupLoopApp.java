package dev.dnspatch.it.apps;

import java.io.File;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A running app that keeps resolving, with the JVM's default address cache: every INTERVAL ms it
 * looks up each host and prints {@code MILLIS HOST: ADDRESSES} (or {@code MILLIS HOST: failed
 * EXCEPTION}), MILLIS being the wall clock. It first prints {@code pid: PID}, and stops after
 * LIMIT ms.
 *
 * <p>Usage: {@code LookupLoopApp INTERVAL LIMIT HOST...}
 */
public final class LookupLoopApp {
    private LookupLoopApp() {
    }

    public static void main(String[] args) throws Exception {
        long interval = Long.parseLong(args[0]);
        long limit = Long.parseLong(args[1]);
        System.out.println("pid: " + new File("/proc/self").getCanonicalFile().getName());
        long end = System.currentTimeMillis() + limit;
        while (System.currentTimeMillis() < end) {
            for (int i = 2; i < args.length; i++) {
                System.out.println(System.currentTimeMillis() + " " + args[i] + ": " + resolve(args[i]));
            }
            System.out.flush();
            Thread.sleep(interval);
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
