package dev.dnspatch.it.apps;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One lookup, timed inside the app so JVM start-up does not count. Prints {@code answer: ok
 * ADDRESSES} or {@code answer: CLASS: MESSAGE}, then {@code took N ms}.
 */
public final class TimedLookupApp {
    private TimedLookupApp() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        String answer;
        try {
            List<String> addresses = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(args[0])) {
                addresses.add(address.getHostAddress());
            }
            answer = "ok " + String.join(" ", addresses);
        } catch (UnknownHostException e) {
            answer = "UnknownHostException: " + e.getMessage();
        } catch (Throwable e) {
            answer = "threw " + e;
        }
        System.out.println("answer: " + answer);
        System.out.println("took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
