package dev.dnspatch.policy;

import dev.dnspatch.config.Config;
import dev.dnspatch.config.HostPatterns;
import dev.dnspatch.config.Mode;
import dev.dnspatch.log.Log;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The one place that decides which addresses the application gets for a host. Both engines
 * hand it the resolver's answer and return what it returns; nothing else filters or reorders.
 *
 * <p>Hosts outside the patterns are returned untouched. For matching hosts the mode keeps one
 * family ({@code -only}) or moves it to the front ({@code -first}), keeping the resolver's order
 * within each family. An {@code -only} mode that would leave nothing fails the lookup with a
 * message that says why, instead of letting the application time out on an empty answer.
 * {@code auto} keeps the addresses this machine has a route to, in the resolver's order, and keeps
 * the whole answer when none has one: the application's connect error is then the truth.
 */
public final class AddressPolicy {
    private static final int LISTED = 4;

    private final HostPatterns hosts;
    private final Mode mode;
    private final ChangeLog changes = new ChangeLog();
    private final ChangeLog explained = new ChangeLog();
    /** Hosts told that their mode cannot order the families of a client that asks for each itself. */
    private final ChangeLog unordered = new ChangeLog();
    /** Null unless mode=auto: the other modes never load the probe or its cache. */
    private final Routes routes;

    public AddressPolicy(Config config) {
        this(config, config.mode().probesRoutes() ? RouteCache.probing() : null);
    }

    AddressPolicy(Config config, Routes routes) {
        this.hosts = config.hosts();
        this.mode = config.mode();
        this.routes = routes;
    }

    public Mode mode() {
        return mode;
    }

    /** Whether the host is one the user named: only those answers are ever changed. */
    public boolean applies(String host) {
        return hosts.matches(host);
    }

    /**
     * True when the engine may ask the resolver for the wanted family alone: the answer would
     * be cut to it anyway, and a lookup that never asks for the other family cannot be slowed
     * or broken by it.
     */
    public boolean asksOneFamily(String host) {
        return mode.dropsOtherFamily() && hosts.matches(host);
    }

    /**
     * Whether this host's mode drops this family (an {@code -only} mode keeping the other): a
     * question for this family's records need not be asked at all.
     */
    public boolean dropsFamily(String host, boolean ipv4) {
        return mode.dropsOtherFamily() && mode.prefersIpv4() != ipv4 && hosts.matches(host);
    }

    /**
     * Whether a lookup of this host needs both families' answers before it may finish: the
     * {@code -first} modes order them, {@code auto} probes each.
     */
    public boolean needsBothFamilies(String host) {
        return !mode.dropsOtherFamily() && hosts.matches(host);
    }

    /**
     * A client's own question for records of a family that {@link #dropsFamily} drops, which is
     * not sent: the failure it gets instead, which says why (as Netty fails a question that DNS has
     * no records for, so the client moves on to the other family), with the debug line and, once
     * per host, the change line.
     */
    public UnknownHostException questionNotSent(String host, boolean ipv4) {
        String type = recordType(ipv4);
        if (Log.isDebugEnabled()) {
            Log.debug("lookup " + host + " " + type + " records: not asked (mode=" + mode.word() + ")");
        }
        if (changes.firstChange(host)) {
            Log.info(host + ": asked DNS for " + mode.familyName() + " only (no " + type + " question sent)");
        }
        return new UnknownHostException(host + ": no " + type + " question sent; dnspatch mode=" + mode.word()
                + " asks DNS for " + mode.familyName() + " addresses only");
    }

    /**
     * The addresses of the records that a client's own question for one family got (A for IPv4,
     * AAAA for IPv6), as the client may have them. Such a client orders the families itself, one
     * question each, so the policy sees one family at a time:
     *
     * <ul>
     *   <li>{@code -only}: the wanted family's records pass; the other family's are dropped where
     *       its question was sent all the same ({@link #dropsFamily} says it need not be).</li>
     *   <li>{@code -first}: every record passes, since one family's answer has nothing to
     *       reorder; the host is told once that its mode cannot order the families for this
     *       client, and which modes can.</li>
     *   <li>{@code auto}: the records without a route are dropped, all of them where none has
     *       one, so the client moves on to the other family.</li>
     * </ul>
     *
     * @throws UnknownHostException when nothing is left of a non-empty answer: its message says
     *     why, and the question gets the answer that there are no such records
     */
    public InetAddress[] applyToRecords(String host, boolean ipv4, InetAddress[] records) throws UnknownHostException {
        String type = recordType(ipv4);
        if (records.length == 0 || !hosts.matches(host)) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + " " + type + " records: " + list(records) + " (not matched, unchanged)");
            }
            return records;
        }
        if (routes != null) {
            return routableRecords(host, type, records);
        }
        if (mode.prefersIpv4() == ipv4) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + " " + type + " records: " + list(records) + " (" + mode.familyName()
                        + ", unchanged)");
            }
            return records;
        }
        if (mode.dropsOtherFamily()) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + " " + type + " records: " + list(records) + " -> (none)");
            }
            if (changes.firstChange(host)) {
                Log.info(host + ": dropped " + list(records) + " (" + type + " records, mode=" + mode.word() + ")");
            }
            throw new UnknownHostException(host + ": dnspatch mode=" + mode.word() + " dropped its " + type
                    + " records " + list(records));
        }
        if (Log.isDebugEnabled()) {
            Log.debug("lookup " + host + " " + type + " records: " + list(records) + " (unchanged: the client orders"
                    + " the families itself)");
        }
        if (unordered.firstChange(host)) {
            Log.info(host + ": kept " + list(records) + " (" + type + " records) as they are: mode=" + mode.word()
                    + " cannot order the families of a client that asks for each itself; "
                    + (mode.prefersIpv4() ? "ipv4-only" : "ipv6-only") + " or auto can");
        }
        return records;
    }

    /** mode=auto for one family's records: the ones without a route go, all of them if need be. */
    private InetAddress[] routableRecords(String host, String type, InetAddress[] records) throws UnknownHostException {
        InetAddress[] routable = new InetAddress[records.length];
        InetAddress[] unroutable = new InetAddress[records.length];
        int kept = 0;
        int dropped = 0;
        for (InetAddress address : records) {
            if (routes.hasRoute(address)) {
                routable[kept++] = address;
            } else {
                unroutable[dropped++] = address;
            }
        }
        if (dropped == 0) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + " " + type + " records: " + list(records) + " (all routable, unchanged)");
            }
            return records;
        }
        InetAddress[] result = Arrays.copyOf(routable, kept);
        InetAddress[] gone = Arrays.copyOf(unroutable, dropped);
        if (Log.isDebugEnabled()) {
            Log.debug("lookup " + host + " " + type + " records: " + list(records) + " -> "
                    + (kept == 0 ? "(none)" : list(result)));
        }
        if (changes.firstChange(host)) {
            Log.info(host + ": " + (kept == 0 ? "dropped " + list(gone) + " (no route), an empty " + type + " answer"
                    : "using " + list(result) + ", dropped " + list(gone) + " (no route)"));
        }
        if (kept == 0) {
            throw new UnknownHostException(host + ": no route to its " + type + " records " + list(gone)
                    + "; dnspatch mode=auto dropped them");
        }
        return result;
    }

    private static String recordType(boolean ipv4) {
        return ipv4 ? "A" : "AAAA";
    }

    /** Filters or reorders a full answer. A non-empty answer never comes back empty: that throws instead. */
    public InetAddress[] apply(String host, InetAddress[] answer) throws UnknownHostException {
        if (answer == null || answer.length == 0 || !hosts.matches(host)) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + ": " + list(answer) + " (not matched, unchanged)");
            }
            return answer;
        }
        if (routes != null) {
            return keepRoutable(host, answer);
        }
        InetAddress[] result = mode.dropsOtherFamily() ? keepWanted(answer) : wantedFirst(answer);
        if (result.length == 0) {
            Log.debug("lookup " + host + ": " + list(answer) + " -> nothing left");
            UnknownHostException nothingLeft = noAddressLeft(host, answer);
            // Callers often drop this message: new InetSocketAddress(host, port), which many drivers
            // use, keeps only the host name, and so does the JVM's cache of failed lookups.
            if (explained.firstChange(host)) {
                Log.warn(nothingLeft.getMessage());
            }
            throw nothingLeft;
        }
        if (Log.isDebugEnabled()) {
            Log.debug("lookup " + host + ": " + list(answer) + " -> " + list(result));
        }
        if (result != answer && changes.firstChange(host)) {
            Log.info(host + ": using " + list(keepWanted(result))
                    + (mode.dropsOtherFamily() ? ", dropped " + list(otherOnly(answer))
                            : " first, then " + list(otherOnly(result))));
        }
        return result;
    }

    /**
     * Checks an answer the resolver gave for the wanted family alone (see
     * {@link #asksOneFamily}). It cannot say what was dropped, because it was never asked.
     */
    public InetAddress[] applyToOneFamilyAnswer(String host, InetAddress[] answer) throws UnknownHostException {
        InetAddress[] result = keepWanted(answer);
        if (result.length == 0) {
            return apply(host, answer);
        }
        if (Log.isDebugEnabled()) {
            Log.debug("lookup " + host + ": asked for " + mode.familyName() + " only -> " + list(result));
        }
        if (changes.firstChange(host)) {
            Log.info(host + ": using " + list(result) + " (asked DNS for " + mode.familyName() + " only)");
        }
        return result;
    }

    /** mode=auto. Returns the same array when every address has a route, or none has. */
    private InetAddress[] keepRoutable(String host, InetAddress[] answer) {
        InetAddress[] routable = new InetAddress[answer.length];
        InetAddress[] unroutable = new InetAddress[answer.length];
        int kept = 0;
        int dropped = 0;
        for (InetAddress address : answer) {
            if (routes.hasRoute(address)) {
                routable[kept++] = address;
            } else {
                unroutable[dropped++] = address;
            }
        }
        if (dropped == 0) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + ": " + list(answer) + " (all routable, unchanged)");
            }
            return answer;
        }
        if (kept == 0) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + ": " + list(answer) + " (none routable, unchanged)");
            }
            if (changes.firstChange(host)) {
                Log.info(host + ": no route to " + list(answer) + "; kept the answer as it is, so the connect"
                        + " error will say why");
            }
            return answer;
        }
        InetAddress[] result = Arrays.copyOf(routable, kept);
        if (Log.isDebugEnabled()) {
            Log.debug("lookup " + host + ": " + list(answer) + " -> " + list(result));
        }
        if (changes.firstChange(host)) {
            Log.info(host + ": using " + list(result) + ", dropped " + list(Arrays.copyOf(unroutable, dropped))
                    + " (no route)");
        }
        return result;
    }

    private boolean wanted(InetAddress address) {
        return (address instanceof Inet4Address) == mode.prefersIpv4();
    }

    private InetAddress[] keepWanted(InetAddress[] answer) {
        return select(answer, true, false);
    }

    private InetAddress[] wantedFirst(InetAddress[] answer) {
        return select(answer, true, true);
    }

    private InetAddress[] otherOnly(InetAddress[] answer) {
        return select(answer, false, false);
    }

    /**
     * The addresses of one family in the resolver's order, optionally followed by the others.
     * An answer that needs no change is returned as the same array: the JDK 8 name service
     * compares its "unknown host" array by identity.
     */
    private InetAddress[] select(InetAddress[] answer, boolean ofWantedFamily, boolean thenTheRest) {
        InetAddress[] out = new InetAddress[answer.length];
        int n = 0;
        for (InetAddress address : answer) {
            if (wanted(address) == ofWantedFamily) {
                out[n++] = address;
            }
        }
        if (thenTheRest) {
            for (InetAddress address : answer) {
                if (wanted(address) != ofWantedFamily) {
                    out[n++] = address;
                }
            }
        }
        if (n == answer.length && Arrays.equals(out, answer)) {
            return answer;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private UnknownHostException noAddressLeft(String host, InetAddress[] answer) {
        return new UnknownHostException(host + ": no " + mode.familyName() + " address, only " + list(answer)
                + "; dnspatch mode=" + mode.word() + " removed " + (answer.length == 1 ? "it" : "them")
                + ". Use an " + mode.familyName() + " endpoint for this host (for example the provider's"
                + " connection pooler) or give this machine " + mode.otherFamilyName()
                + " connectivity");
    }

    static String list(InetAddress[] addresses) {
        if (addresses == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < addresses.length && i < LISTED; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(AddressText.of(addresses[i]));
        }
        if (addresses.length > LISTED) {
            out.append(" and ").append(addresses.length - LISTED).append(" more");
        }
        return out.toString();
    }
}
