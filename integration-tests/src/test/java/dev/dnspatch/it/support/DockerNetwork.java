package dev.dnspatch.it.support;

import com.github.dockerjava.api.model.Network.Ipam;
import java.util.Map;
import org.testcontainers.containers.Network;

/**
 * The network the Docker tests' containers share: internal (no gateway, so nothing routes beyond
 * it), with an IPv4 and an IPv6 subnet from the documentation prefixes. Each container on it has a
 * global IPv6 address and no IPv6 route but the one to its own subnet: the state in which the
 * JDK, glibc and Netty all take IPv6 to be usable and a connect to an IPv6 address elsewhere
 * fails at once with "Network is unreachable" (ENETUNREACH), as in the original bug.
 */
public final class DockerNetwork {
    public static final String IPV4_SUBNET = "198.51.100.64/27";
    public static final String IPV6_SUBNET = "2001:db8:d0c:1::/64";
    /** An IPv6 address outside the network: no route leads there. */
    public static final String UNREACHABLE_IPV6 = "2001:db8::1";

    private DockerNetwork() {
    }

    public static Network create() {
        return Network.builder()
                .enableIpv6(true)
                .createNetworkCmdModifier(cmd -> cmd
                        .withInternal(true)
                        .withLabels(Map.of(DockerEngine.LABEL, "network"))
                        .withIpam(new Ipam().withConfig(new Ipam.Config().withSubnet(IPV4_SUBNET),
                                new Ipam.Config().withSubnet(IPV6_SUBNET))))
                .build();
    }
}
