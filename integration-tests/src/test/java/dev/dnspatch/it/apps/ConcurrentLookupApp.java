package dev.dnspatch.it.apps;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * THREADS threads each resolve LOOKUPS names, in turn a matching name (must be IPv4 only), a
 * name outside the patterns (must keep both families, IPv6 first) and a name that does not
 * exist (must fail with UnknownHostException). Prints {@code ok LOOKUPS, FAILED failed as they
 * must} or the first wrong answer, then the live threads before the pool started and after it
 * ended: {@code threads: N before, M after, new: [NAMES]}.
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
        for (int kind = 0; kind < 3; kind++) {
            check(kind, matching, other, missing, new AtomicInteger()); // the JDK's one-time set-up, outside the count
        }
        Set<String> before = liveThreads();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread worker = new Thread(task, "lookup-" + workers.size());
            workers.add(worker);
            return worker;
        });
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            results.add(pool.submit(() -> {
                for (int i = 0; i < lookups; i++) {
                    String wrong = check((i + offset) % 3, matching, other, missing, failed);
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
        if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
            firstWrong = "the pool did not end";
        }
        for (Thread worker : workers) {
            worker.join(); // a terminated pool's last thread may still be on its way out
        }
        System.out.println(firstWrong == null ? "ok " + done.get() + ", " + failed.get() + " failed as they must"
                : "wrong " + firstWrong);
        Set<String> after = liveThreads();
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        System.out.println("threads: " + before.size() + " before, " + after.size() + " after, new: " + added);
    }

    /** The live threads by name and id; the pool's threads are gone once it has terminated. */
    private static Set<String> liveThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()) {
                names.add(thread.getName() + "#" + thread.getId());
            }
        }
        return names;
    }

    private static String check(int kind, String matching, String other, String missing, AtomicInteger failed) {
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
                        ? null : other + " gave " + Arrays.asList(answer);
            }
            try {
                return missing + " resolved to " + Arrays.asList(InetAddress.getAllByName(missing));
            } catch (UnknownHostException expected) {
                failed.incrementAndGet();
                return null;
            }
        } catch (Exception e) {
            return kind + ": " + e;
        }
    }
}
