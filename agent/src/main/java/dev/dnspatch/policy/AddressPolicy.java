package dev.dnspatch.policy;

import dev.dnspatch.config.Config;
import dev.dnspatch.config.HostPatterns;
import dev.dnspatch.config.Mode;
import dev.dnspatch.log.Log;
import dev.dnspatch.status.StatusBoard;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The one place that decides which addresses the application gets for a host. Both engines and
 * the Netty hooks hand it the resolver's answer and return what it returns; nothing else filters
 * or reorders, and nothing else reads a host's mode: they ask this class, with the host.
 *
 * <p>Hosts outside the patterns are returned untouched. A matching host gets the mode of its
 * rule: the mode written after its most specific pattern ({@code *.corp.internal:ipv6-first}), or
 * {@code mode} for a pattern without one. The mode keeps one family ({@code -only}) or moves it to
 * the front ({@code -first}), keeping the resolver's order within each family. An {@code -only}
 * mode that would leave nothing fails the lookup with a message that says why, instead of letting
 * the application time out on an empty answer. {@code auto} keeps the addresses this machine has a
 * route to, in the resolver's order, and keeps the whole answer when none has one: the
 * application's connect error is then the truth.
 *
 * <p>Every answer it is given for a matching host is counted for {@code status} ({@link StatusBoard}).
 */
public final class AddressPolicy {
    /** What {@link #askFor} answers: ask the resolver for the whole answer. */
    public static final int BOTH = 0;
    /** What {@link #askFor} answers: ask the resolver for IPv4 addresses alone. */
    public static final int IPV4 = 4;
    /** What {@link #askFor} answers: ask the resolver for IPv6 addresses alone. */
    public static final int IPV6 = 6;
    private static final int LISTED = 4;

    private final HostPatterns hosts;
    /** The mode of the patterns written without one. */
    private final Mode mode;
    /** How this policy is plugged in, as the banner names it ({@code spi}, {@code instrument (...)}), for status. */
    private final String engine;
    private final boolean netty;
    private final ChangeLog changes = new ChangeLog();
    private final ChangeLog explained = new ChangeLog();
    /** Hosts told that their mode cannot order the families of a client that asks for each itself. */
    private final ChangeLog unordered = new ChangeLog();
    /** Null unless some rule's mode is auto: the other modes never load the probe or its cache. */
    private final Routes routes;

    public AddressPolicy(Config config) {
        this(config, null, false);
    }

    /**
     * {@code engine} is the engine that applies it, as the banner names it, and {@code netty}
     * whether the Netty hooks apply it too: what {@code status} shows beside the counts.
     */
    public AddressPolicy(Config config, String engine, boolean netty) {
        this(config, engine, netty, usesAuto(config) ? RouteCache.probing() : null);
    }

    AddressPolicy(Config config, Routes routes) {
        this(config, null, false, routes);
    }

    private AddressPolicy(Config config, String engine, boolean netty, Routes routes) {
        this.hosts = config.hosts();
        this.mode = config.mode();
        this.engine = engine;
        this.netty = netty;
        this.routes = routes;
    }

    private static boolean usesAuto(Config config) {
        HostPatterns hosts = config.hosts();
        for (int rule = 0; rule < hosts.patterns().size(); rule++) {
            Mode given = hosts.mode(rule);
            if ((given != null ? given : config.mode()) == Mode.AUTO) {
                return true;
            }
        }
        return false;
    }

    /** Whether the host is one the user named: only those answers are ever changed. */
    public boolean applies(String host) {
        return hosts.matches(host);
    }

    /**
     * The family the engine may ask the resolver for alone ({@link #IPV4} or {@link #IPV6}), or
     * {@link #BOTH}: a host whose mode drops the other family would have its answer cut to the
     * wanted one anyway, and a lookup that never asks for the other family cannot be slowed or
     * broken by it. Such an answer comes back through {@link #applyToOneFamilyAnswer}.
     */
    public int askFor(String host) {
        int rule = hosts.ruleOf(host);
        if (rule == HostPatterns.NO_RULE) {
            return BOTH;
        }
        Mode decides = modeOf(rule);
        return !decides.dropsOtherFamily() ? BOTH : decides.prefersIpv4() ? IPV4 : IPV6;
    }

    /**
     * Whether this host's answer must hold both families before it is given: its mode puts one
     * family first ({@code -first}) or probes each address ({@code auto}), so a resolver that could
     * hand out the preferred family alone as soon as it has it must wait for the rest.
     */
    public boolean needsBothFamilies(String host) {
        int rule = hosts.ruleOf(host);
        return rule != HostPatterns.NO_RULE && !modeOf(rule).dropsOtherFamily();
    }

    /** The rules in force, each pattern with the mode that applies to it: {@code db.example.com:ipv4-only,...}. */
    public String rules() {
        StringBuilder text = new StringBuilder();
        for (int rule = 0; rule < hosts.patterns().size(); rule++) {
            text.append(rule == 0 ? "" : ",").append(hosts.pattern(rule)).append(':').append(modeOf(rule).word());
        }
        return text.toString();
    }

    /** The engine that applies this policy, as the banner names it; null where none was named. */
    public String engine() {
        return engine;
    }

    /** Whether Netty's resolver hooks apply this policy too. */
    public boolean netty() {
        return netty;
    }

    /** Whether this policy made the route probe: only where some rule's mode is auto. */
    boolean probesRoutes() {
        return routes != null;
    }

    private Mode modeOf(int rule) {
        Mode given = hosts.mode(rule);
        return given != null ? given : mode;
    }

    /**
     * Whether this host's mode drops this family (an {@code -only} mode keeping the other): a
     * question for this family's records need not be asked at all.
     */
    public boolean dropsFamily(String host, boolean ipv4) {
        int rule = hosts.ruleOf(host);
        if (rule == HostPatterns.NO_RULE) {
            return false;
        }
        Mode decides = modeOf(rule);
        return decides.dropsOtherFamily() && decides.prefersIpv4() != ipv4;
    }

    /**
     * A client's own question for records of a family that {@link #dropsFamily} drops, which is
     * not sent: the failure it gets instead, which says why (as Netty fails a question that DNS has
     * no records for, so the client moves on to the other family), with the debug line and, once
     * per host, the change line.
     */
    public UnknownHostException questionNotSent(String host, boolean ipv4) {
        int rule = hosts.ruleOf(host);
        Mode decides = modeOf(rule);
        String type = recordType(ipv4);
        if (Log.isDebugEnabled()) {
            Log.debug("lookup " + host + " " + type + " records: not asked (mode=" + decides.word() + ")");
        }
        if (changes.firstChange(host)) {
            Log.info(host + ": asked DNS for " + decides.familyName() + " only"
                    + why(rule, "no " + type + " question sent"));
        }
        return new UnknownHostException(host + ": no " + type + " question sent; dnspatch " + setting(rule)
                + " asks DNS for " + decides.familyName() + " addresses only");
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
     * <p>{@code status} does not count these questions: it counts address lookups, and such a
     * client asks two questions for one connection.
     *
     * @throws UnknownHostException when nothing is left of a non-empty answer: its message says
     *     why, and the question gets the answer that there are no such records
     */
    public InetAddress[] applyToRecords(String host, boolean ipv4, InetAddress[] records) throws UnknownHostException {
        String type = recordType(ipv4);
        int rule = records.length == 0 ? HostPatterns.NO_RULE : hosts.ruleOf(host);
        if (rule == HostPatterns.NO_RULE) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + " " + type + " records: " + list(records) + " (not matched, unchanged)");
            }
            return records;
        }
        Mode decides = modeOf(rule);
        if (decides.probesRoutes()) {
            return routableRecords(host, rule, type, records);
        }
        if (decides.prefersIpv4() == ipv4) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + " " + type + " records: " + list(records) + " (" + decides.familyName()
                        + ", unchanged)");
            }
            return records;
        }
        if (decides.dropsOtherFamily()) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + " " + type + " records: " + list(records) + " -> (none)");
            }
            if (changes.firstChange(host)) {
                Log.info(host + ": dropped " + list(records) + why(rule, type + " records, mode=" + decides.word()));
            }
            throw new UnknownHostException(host + ": dnspatch " + setting(rule) + " dropped its " + type
                    + " records " + list(records));
        }
        if (Log.isDebugEnabled()) {
            Log.debug("lookup " + host + " " + type + " records: " + list(records) + " (unchanged: the client orders"
                    + " the families itself)");
        }
        if (unordered.firstChange(host)) {
            Log.info(host + ": kept " + list(records) + " (" + type + " records) as they are: mode=" + decides.word()
                    + " cannot order the families of a client that asks for each itself; "
                    + (decides.prefersIpv4() ? "ipv4-only" : "ipv6-only") + " or auto can");
        }
        return records;
    }

    /** mode=auto for one family's records: the ones without a route go, all of them if need be. */
    private InetAddress[] routableRecords(String host, int rule, String type, InetAddress[] records)
            throws UnknownHostException {
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
                    : "using " + list(result) + ", dropped " + list(gone) + " (no route)") + why(rule, null));
        }
        if (kept == 0) {
            throw new UnknownHostException(host + ": no route to its " + type + " records " + list(gone)
                    + "; dnspatch " + setting(rule) + " dropped them");
        }
        return result;
    }

    private static String recordType(boolean ipv4) {
        return ipv4 ? "A" : "AAAA";
    }

    /** Filters or reorders a full answer. A non-empty answer never comes back empty: that throws instead. */
    public InetAddress[] apply(String host, InetAddress[] answer) throws UnknownHostException {
        int rule = answer == null || answer.length == 0 ? HostPatterns.NO_RULE : hosts.ruleOf(host);
        if (rule == HostPatterns.NO_RULE) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + ": " + list(answer) + " (not matched, unchanged)");
            }
            return answer;
        }
        Mode decides = modeOf(rule);
        if (decides.probesRoutes()) {
            return keepRoutable(host, rule, answer);
        }
        InetAddress[] result = decides.dropsOtherFamily() ? keepWanted(decides, answer) : wantedFirst(decides, answer);
        if (result.length == 0) {
            Log.debug("lookup " + host + ": " + list(answer) + " -> nothing left");
            UnknownHostException nothingLeft = noAddressLeft(host, rule, answer);
            StatusBoard.lookup(this, host, StatusBoard.NOTHING_LEFT, answer);
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
        StatusBoard.lookup(this, host, result != answer ? StatusBoard.CHANGED : StatusBoard.UNCHANGED, result);
        if (result != answer && changes.firstChange(host)) {
            Log.info(host + ": using " + list(keepWanted(decides, result))
                    + (decides.dropsOtherFamily() ? ", dropped " + list(otherOnly(decides, answer))
                            : " first, then " + list(otherOnly(decides, result))) + why(rule, null));
        }
        return result;
    }

    /**
     * Checks an answer the resolver gave for the wanted family alone (see {@link #askFor}). It
     * cannot say what was dropped, because it was never asked.
     */
    public InetAddress[] applyToOneFamilyAnswer(String host, InetAddress[] answer) throws UnknownHostException {
        int rule = hosts.ruleOf(host);
        if (rule == HostPatterns.NO_RULE) {
            return apply(host, answer);
        }
        Mode decides = modeOf(rule);
        InetAddress[] result = keepWanted(decides, answer);
        if (result.length == 0) {
            return apply(host, answer);
        }
        if (Log.isDebugEnabled()) {
            Log.debug("lookup " + host + ": asked for " + decides.familyName() + " only -> " + list(result));
        }
        StatusBoard.lookup(this, host, StatusBoard.CHANGED, result);
        if (changes.firstChange(host)) {
            Log.info(host + ": using " + list(result) + why(rule, "asked DNS for " + decides.familyName() + " only"));
        }
        return result;
    }

    /**
     * What ends a change line: the reason, and the rule where its pattern has a mode of its own,
     * so a line names the rule that made it whenever rules differ.
     */
    private String why(int rule, String reason) {
        Mode given = hosts.mode(rule);
        String named = given == null ? null : "rule " + hosts.pattern(rule) + ":" + given.word();
        if (reason == null) {
            return named == null ? "" : " (" + named + ")";
        }
        return " (" + reason + (named == null ? "" : "; " + named) + ")";
    }

    /** mode=auto. Returns the same array when every address has a route, or none has. */
    private InetAddress[] keepRoutable(String host, int rule, InetAddress[] answer) {
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
            StatusBoard.lookup(this, host, StatusBoard.UNCHANGED, answer);
            return answer;
        }
        if (kept == 0) {
            if (Log.isDebugEnabled()) {
                Log.debug("lookup " + host + ": " + list(answer) + " (none routable, unchanged)");
            }
            StatusBoard.lookup(this, host, StatusBoard.UNCHANGED, answer);
            if (changes.firstChange(host)) {
                Log.info(host + ": no route to " + list(answer) + "; kept the answer as it is, so the connect"
                        + " error will say why" + why(rule, null));
            }
            return answer;
        }
        InetAddress[] result = Arrays.copyOf(routable, kept);
        if (Log.isDebugEnabled()) {
            Log.debug("lookup " + host + ": " + list(answer) + " -> " + list(result));
        }
        StatusBoard.lookup(this, host, StatusBoard.CHANGED, result);
        if (changes.firstChange(host)) {
            Log.info(host + ": using " + list(result) + ", dropped " + list(Arrays.copyOf(unroutable, dropped))
                    + why(rule, "no route"));
        }
        return result;
    }

    private static boolean wanted(Mode decides, InetAddress address) {
        return (address instanceof Inet4Address) == decides.prefersIpv4();
    }

    private static InetAddress[] keepWanted(Mode decides, InetAddress[] answer) {
        return select(decides, answer, true, false);
    }

    private static InetAddress[] wantedFirst(Mode decides, InetAddress[] answer) {
        return select(decides, answer, true, true);
    }

    private static InetAddress[] otherOnly(Mode decides, InetAddress[] answer) {
        return select(decides, answer, false, false);
    }

    /**
     * The addresses of one family in the resolver's order, optionally followed by the others.
     * An answer that needs no change is returned as the same array: the JDK 8 name service
     * compares its "unknown host" array by identity.
     */
    private static InetAddress[] select(Mode decides, InetAddress[] answer, boolean ofWantedFamily,
            boolean thenTheRest) {
        InetAddress[] out = new InetAddress[answer.length];
        int n = 0;
        for (InetAddress address : answer) {
            if (wanted(decides, address) == ofWantedFamily) {
                out[n++] = address;
            }
        }
        if (thenTheRest) {
            for (InetAddress address : answer) {
                if (wanted(decides, address) != ofWantedFamily) {
                    out[n++] = address;
                }
            }
        }
        if (n == answer.length && Arrays.equals(out, answer)) {
            return answer;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private UnknownHostException noAddressLeft(String host, int rule, InetAddress[] answer) {
        Mode decides = modeOf(rule);
        return new UnknownHostException(host + ": no " + decides.familyName() + " address, only " + list(answer)
                + "; dnspatch " + setting(rule) + " removed " + (answer.length == 1 ? "it" : "them")
                + ". Use an " + decides.familyName() + " endpoint for this host (for example the provider's"
                + " connection pooler) or give this machine " + decides.otherFamilyName()
                + " connectivity");
    }

    /** What decided for this rule, as the user wrote it: {@code mode=ipv4-only}, {@code rule db.example.com:auto}. */
    private String setting(int rule) {
        Mode given = hosts.mode(rule);
        return given == null ? "mode=" + mode.word() : "rule " + hosts.pattern(rule) + ":" + given.word();
    }

    /** Up to four addresses as people write them, then how many more: what change lines and status show. */
    public static String list(InetAddress[] addresses) {
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
