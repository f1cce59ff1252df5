package dev.dnspatch.policy;

import java.net.InetAddress;

/** Whether this machine can send to an address at all; what {@code mode=auto} asks of each address. */
public interface Routes {
    boolean hasRoute(InetAddress address);
}
