package dev.dnspatch.bench;

import java.net.InetAddress;

/** The start-up benchmark's hello-world: one lookup of a name, then exit. */
public final class HelloLookup {
    private HelloLookup() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(InetAddress.getAllByName(args[0]).length);
    }
}
