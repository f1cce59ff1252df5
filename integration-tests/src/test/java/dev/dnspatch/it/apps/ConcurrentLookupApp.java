package dev.dnspatch.it.apps;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * THREADS threads each resolve LOOKUPS names, in turn a matching name (must be IPv4 only), a
 * name outside the patterns (must keep both families, IPv6 first) and a name that does not
 * exist (must fail with UnknownHostException). Prints {@code ok LOOKUPS} or the first wrong answer.
 *
 * <p>args: threads lookups matching other missing
 */
public final class ConcurrentLookupApp {
    private ConcurrentLookupApp() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int lookups = Integer.parseInt(args[1]);
        String matching = args[2];
        String other = args[3];
        String missing = args[4];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            results.add(pool.submit(() -> {
                for (int i = 0; i < lookups; i++) {
                    String wrong = check((i + offset) % 3, matching, other, missing);
                    if (wrong != null) {
                        return wrong;
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        String firstWrong = null;
        for (Future<String> result : results) {
            String wrong = result.get(5, TimeUnit.MINUTES);
            if (firstWrong == null) {
                firstWrong = wrong;
            }
        }
        pool.shutdown();
        System.out.println(firstWrong == null ? "ok " + done.get() : "wrong " + firstWrong);
    }

    private static String check(int kind, String matching, String other, String missing) {
        try {
            if (kind == 0) {
                InetAddress[] answer = InetAddress.getAllByName(matching);
                for (InetAddress address : answer) {
                    if (!(address instanceof Inet4Address)) {
                        return matching + " gave " + address;
                    }
                }
                return answer.length > 0 ? null : matching + " gave nothing";
            }
            if (kind == 1) {
                InetAddress[] answer = InetAddress.getAllByName(other);
                return answer.length == 2 && !(answer[0] instanceof Inet4Address) && answer[1] instanceof Inet4Address
                        ? null : other + " gave " + List.of(answer);
            }
            try {
                return missing + " resolved to " + List.of(InetAddress.getAllByName(missing));
            } catch (UnknownHostException expected) {
                return null;
            }
        } catch (Exception e) {
            return kind + ": " + e;
        }
    }
}
