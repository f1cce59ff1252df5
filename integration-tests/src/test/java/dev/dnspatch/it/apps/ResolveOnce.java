package dev.dnspatch.it.apps;

import java.net.InetAddress;

/** The start-up benchmark's hello-world: one lookup of a name, then exit. */
public final class ResolveOnce {
    private ResolveOnce() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(InetAddress.getAllByName(args.length > 0 ? args[0] : "localhost").length);
    }
}
