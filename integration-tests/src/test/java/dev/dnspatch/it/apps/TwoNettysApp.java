package dev.dnspatch.it.apps;

/**
 * An app with two copies of Netty on its class path, in one class loader: the original (through
 * {@link NettyResolveApp}) and the one Pulsar's client jar relocated (through
 * {@link RelocatedNettyResolveApp}), each resolving the names given, one after the other. With
 * {@code app.hold=true} it then prints {@code pid: PID} and waits a minute, for an attach.
 */
public final class TwoNettysApp {
    private TwoNettysApp() {
    }

    public static void main(String[] args) throws Exception {
        NettyResolveApp.main(args);
        RelocatedNettyResolveApp.main(args);
        if (Boolean.getBoolean("app.hold")) {
            System.out.println("pid: " + new java.io.File("/proc/self").getCanonicalFile().getName());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
