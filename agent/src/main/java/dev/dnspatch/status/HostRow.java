package dev.dnspatch.status;

import dev.dnspatch.policy.AddressPolicy;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One host's counts in perf data, or the others' where there is no room for a row of its own:
 * lookups seen, answers changed, lookups left with nothing, and the last answer given. The answer
 * is written only when it differs from the last one, which in steady state it does not.
 */
final class HostRow {
    static final int ENTRIES = 5;
    static final int BYTES = 80 + 128 + 3 * 8;
    static final int OTHER_ENTRIES = 4;
    static final int OTHER_BYTES = 4 * 8;
    /** The others' row counts this many hosts one by one, then stops counting new ones (as the change log stops). */
    private static final int MAX_OTHER_HOSTS = 10_000;

    private final PerfMemory.Counter lookups;
    private final PerfMemory.Counter changed;
    private final PerfMemory.Counter nothingLeft;
    /** Null for the others' row. */
    private final PerfMemory.Text answer;
    private volatile InetAddress[] lastGiven;
    private volatile boolean lastEmptied;
    /** The others' row only: how many hosts it counts. */
    private final PerfMemory.Counter hosts;
    private final Set<String> otherHosts;

    private HostRow(PerfMemory.Counter lookups, PerfMemory.Counter changed, PerfMemory.Counter nothingLeft,
            PerfMemory.Text answer, PerfMemory.Counter hosts) {
        this.lookups = lookups;
        this.changed = changed;
        this.nothingLeft = nothingLeft;
        this.answer = answer;
        this.hosts = hosts;
        this.otherHosts = hosts == null ? null : ConcurrentHashMap.<String>newKeySet();
    }

    static HostRow of(PerfMemory memory, int index, String host) throws Throwable {
        memory.text(PerfNames.host(index, PerfNames.NAME), 80, host, true);
        return new HostRow(memory.counter(PerfNames.host(index, PerfNames.LOOKUPS)),
                memory.counter(PerfNames.host(index, PerfNames.CHANGED)),
                memory.counter(PerfNames.host(index, PerfNames.NOTHING_LEFT)),
                memory.text(PerfNames.host(index, PerfNames.ANSWER), 128, "", false), null);
    }

    static HostRow others(PerfMemory memory) throws Throwable {
        return new HostRow(memory.counter(PerfNames.other(PerfNames.LOOKUPS)),
                memory.counter(PerfNames.other(PerfNames.CHANGED)),
                memory.counter(PerfNames.other(PerfNames.NOTHING_LEFT)), null,
                memory.counter(PerfNames.other(PerfNames.HOSTS)));
    }

    void sawHost(String host) {
        if (otherHosts.size() < MAX_OTHER_HOSTS && otherHosts.add(host)) {
            hosts.increment();
        }
    }

    void record(int outcome, InetAddress[] given) {
        lookups.increment();
        boolean emptied = outcome == StatusBoard.NOTHING_LEFT;
        if (outcome == StatusBoard.CHANGED) {
            changed.increment();
        } else if (emptied) {
            nothingLeft.increment();
        }
        if (answer != null && (emptied != lastEmptied || !Arrays.equals(given, lastGiven))) {
            lastGiven = given;
            lastEmptied = emptied;
            answer.set(emptied ? "nothing (removed " + AddressPolicy.list(given) + ")" : AddressPolicy.list(given));
        }
    }
}
