package dev.dnspatch.bench;

import java.net.InetAddress;

/**
 * Footprint: the heap an application holds after start-up and one lookup, once the collector
 * has run, in KiB. Compared with and without the agent, the difference is what the agent keeps.
 */
public final class HeapAfterLookup {
    private HeapAfterLookup() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress.getAllByName(args[0]);
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        System.out.println(used / 1024);
    }
}
