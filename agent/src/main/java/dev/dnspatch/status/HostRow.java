package dev.dnspatch.status;

import dev.dnspatch.policy.AddressPolicy;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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

    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong changed = new AtomicLong();
    private final AtomicLong nothingLeft = new AtomicLong();
    private final ByteBuffer lookupsMemory;
    private final ByteBuffer changedMemory;
    private final ByteBuffer nothingLeftMemory;
    /** Null for the others' row. */
    private final ByteBuffer answer;
    private volatile InetAddress[] lastGiven;
    private volatile boolean lastEmptied;
    /** The others' row only: how many hosts it counts, and which. */
    private final AtomicLong hosts = new AtomicLong();
    private final ByteBuffer hostsMemory;
    private final Set<String> otherHosts;

    HostRow(ByteBuffer lookups, ByteBuffer changed, ByteBuffer nothingLeft, ByteBuffer answer, ByteBuffer hosts) {
        this.lookupsMemory = lookups;
        this.changedMemory = changed;
        this.nothingLeftMemory = nothingLeft;
        this.answer = answer;
        this.hostsMemory = hosts;
        this.otherHosts = hosts == null ? null : ConcurrentHashMap.<String>newKeySet();
    }

    void sawHost(String host) {
        if (otherHosts.size() < MAX_OTHER_HOSTS && otherHosts.add(host)) {
            StatusBoard.increment(hosts, hostsMemory);
        }
    }

    void record(int outcome, InetAddress[] given) {
        StatusBoard.increment(lookups, lookupsMemory);
        boolean emptied = outcome == StatusBoard.NOTHING_LEFT;
        if (outcome == StatusBoard.CHANGED) {
            StatusBoard.increment(changed, changedMemory);
        } else if (emptied) {
            StatusBoard.increment(nothingLeft, nothingLeftMemory);
        }
        if (answer != null && (emptied != lastEmptied || !Arrays.equals(given, lastGiven))) {
            lastGiven = given;
            lastEmptied = emptied;
            StatusBoard.set(answer, emptied ? "nothing (removed " + AddressPolicy.list(given) + ")"
                    : AddressPolicy.list(given));
        }
    }
}
