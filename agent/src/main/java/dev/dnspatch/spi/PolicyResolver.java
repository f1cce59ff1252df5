package dev.dnspatch.spi;

import dev.dnspatch.engine.ProviderSwitch;
import dev.dnspatch.policy.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The resolver the JDK would use without dnspatch (its builtin one, or the app's own provider's)
 * with the policy applied to its answers. It never resolves a name itself (only that resolver
 * does), so it cannot recurse into {@code InetAddress}.
 * Reverse lookups pass through untouched.
 *
 * <p>The JDK keeps the resolver it was given for the life of the JVM, so the policy is read at
 * each lookup: an attach replaces it, or switches it off ({@link ProviderSwitch}).
 */
final class PolicyResolver implements InetAddressResolver {
    /**
     * A lookup of one family that fails sooner than this is explained by a full lookup; a slower
     * one is not: DNS is slow or down, and a second lookup would only double the application's wait.
     */
    private static final long SLOW_FAILURE_NANOS = 250_000_000L;

    private final InetAddressResolver resolver;

    PolicyResolver(InetAddressResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) throws UnknownHostException {
        AddressPolicy policy = ProviderSwitch.policy();
        if (policy == null) {
            return resolver.lookupByName(host, lookupPolicy);
        }
        int alone = policy.askFor(host);
        int family = alone == AddressPolicy.IPV4 ? LookupPolicy.IPV4 : LookupPolicy.IPV6;
        if (alone != AddressPolicy.BOTH && (lookupPolicy.characteristics() & family) != 0) {
            return lookupOneFamily(policy, host, lookupPolicy, family);
        }
        return Stream.of(policy.apply(host, array(resolver.lookupByName(host, lookupPolicy))));
    }

    /**
     * Asks for the wanted family alone, the JVM's own IPv4-only (or IPv6-only) lookup. Only when
     * that finds nothing is the host looked up in full, to tell the user what it does have.
     */
    private Stream<InetAddress> lookupOneFamily(AddressPolicy policy, String host, LookupPolicy lookupPolicy,
            int family)
            throws UnknownHostException {
        InetAddress[] answer;
        long start = System.nanoTime();
        try {
            answer = array(resolver.lookupByName(host, LookupPolicy.of(family)));
        } catch (UnknownHostException notFound) {
            if (System.nanoTime() - start > SLOW_FAILURE_NANOS) {
                // DNS is slow or down: a second lookup would only double the application's wait.
                throw notFound;
            }
            return Stream.of(explain(policy, host, lookupPolicy));
        }
        return Stream.of(policy.applyToOneFamilyAnswer(host, answer));
    }

    /**
     * The full lookup, to say what the host does have. Where the host has nothing at all, the
     * app gets that lookup's own error: the one it gets without dnspatch (glibc can word a
     * one-family failure differently, "Temporary failure in name resolution" for "Name or
     * service not known").
     */
    private InetAddress[] explain(AddressPolicy policy, String host, LookupPolicy lookupPolicy)
            throws UnknownHostException {
        return policy.apply(host, array(resolver.lookupByName(host, lookupPolicy)));
    }

    @Override
    public String lookupByAddress(byte[] address) throws UnknownHostException {
        return resolver.lookupByAddress(address);
    }

    /**
     * Through the iterator: {@code toArray()} and {@code toArray(InetAddress[]::new)} each spin a
     * lambda class on the first lookup, a millisecond or more; the iterator is a plain JDK class.
     */
    private static InetAddress[] array(Stream<InetAddress> addresses) {
        List<InetAddress> items = new ArrayList<>(4);
        for (Iterator<InetAddress> it = addresses.iterator(); it.hasNext();) {
            items.add(it.next());
        }
        return items.toArray(new InetAddress[0]);
    }
}
