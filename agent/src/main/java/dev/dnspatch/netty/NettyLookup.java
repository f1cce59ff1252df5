package dev.dnspatch.netty;

import dev.dnspatch.policy.AddressPolicy;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One lookup Netty resolves into a promise of dnspatch's: the listener on that promise (as the
 * handler of a proxy of Netty's {@code GenericFutureListener}), and what it does with the outcome.
 *
 * <ul>
 *   <li>{@link #ALL}: the policy's answer for Netty's, or its {@code UnknownHostException}, goes
 *       to the caller's promise. A lookup that asked DNS for one family and got the answer that
 *       there is none is looked up once more in full (see {@link #run}), as the resolver provider
 *       does, to say what the host does have (or, for a name that does not exist, to fail with
 *       Netty's own error for the whole lookup). Netty tells DNS's answer from a timeout or a
 *       transport error (see {@link #answeredByDns}): a server that did not answer is never
 *       asked twice.</li>
 *   <li>{@link #FIRST}: the first address of the (already patched) whole answer goes to a lookup
 *       of one address.</li>
 *   <li>{@link #EXPLAIN}: that full lookup; the policy gives its explanation, or the addresses
 *       that turned up meanwhile, and a failure is the full lookup's own, as without dnspatch.</li>
 * </ul>
 *
 * Whatever fails here hands the caller Netty's own outcome.
 */
final class NettyLookup implements InvocationHandler, Runnable {
    static final int ALL = 0;
    static final int FIRST = 1;
    static final int EXPLAIN = 2;

    private final NettyHooks hooks;
    private final NettyApi api;
    private final AddressPolicy policy;
    private final String host;
    private final Object caller;
    private final int kind;
    private final Object resolver;
    private final Object executor;
    /** Set by the record-type hook when DNS was asked for the wanted family alone. */
    private volatile boolean oneFamily;
    /** The one-family lookup's failure, for the caller should the explanation not come about. */
    private volatile Throwable oneFamilyFailure;
    /** Set by the first of the listener and the end of Netty's method to hand the outcome over. */
    private final AtomicBoolean handled = new AtomicBoolean();

    NettyLookup(NettyHooks hooks, AddressPolicy policy, NettyApi api, String host, Object caller, int kind,
            Object resolver, Object executor) {
        this.hooks = hooks;
        this.policy = policy;
        this.api = api;
        this.host = host;
        this.caller = caller;
        this.kind = kind;
        this.resolver = resolver;
        this.executor = executor;
    }

    String host() {
        return host;
    }

    /** The policy in place when the lookup began: an attach that replaces it affects later lookups. */
    AddressPolicy policy() {
        return policy;
    }

    /** Whether this lookup hands Netty's answer to the policy (not only a first address on). */
    boolean appliesPolicy() {
        return kind != FIRST;
    }

    void askedOneFamily() {
        oneFamily = true;
    }

    /** {@code GenericFutureListener.operationComplete(future)}, and Object's methods. */
    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) {
        String name = method.getName();
        if (name.equals("operationComplete")) {
            completed(arguments[0]);
            return null;
        }
        if (name.equals("hashCode")) {
            return System.identityHashCode(proxy);
        }
        if (name.equals("equals")) {
            return proxy == arguments[0];
        }
        if (name.equals("toString")) {
            return "dnspatch's listener for the lookup of " + host;
        }
        return null;
    }

    void completed(Object future) {
        if (!handled.compareAndSet(false, true)) {
            return;
        }
        hooks.finished(future);
        boolean success;
        Object answer = null;
        Throwable failure = null;
        try {
            success = api.isSuccess(future);
            if (success) {
                answer = api.getNow(future);
            } else {
                failure = api.cause(future);
            }
        } catch (Throwable e) {
            hooks.unpatched(host, e);
            fail(new UnknownHostException(host + ": the lookup's outcome could not be read (" + e + ")"));
            return;
        }
        try {
            if (success) {
                succeeded(answer);
            } else {
                failed(failure);
            }
        } catch (Throwable e) {
            hooks.unpatched(host, e);
            // Netty's own answer, as without the hook; whatever happens, the caller's promise completes.
            try {
                if (success) {
                    succeed(kind == FIRST ? ((List<?>) answer).get(0) : answer);
                } else {
                    fail(failure);
                }
            } catch (Throwable again) {
                fail(new UnknownHostException(host));
            }
        }
    }

    private void succeeded(Object answer) throws Exception {
        List<?> addresses = (List<?>) answer;
        if (kind == FIRST) {
            if (addresses.isEmpty()) {
                fail(new UnknownHostException(host));
            } else {
                succeed(addresses.get(0));
            }
            return;
        }
        InetAddress[] given = addresses.toArray(new InetAddress[0]);
        InetAddress[] result;
        try {
            result = oneFamily ? policy.applyToOneFamilyAnswer(host, given) : policy.apply(host, given);
        } catch (UnknownHostException nothingLeft) {
            fail(nothingLeft);
            return;
        }
        succeed(result == given ? answer : new ArrayList<>(Arrays.asList(result)));
    }

    private void failed(Throwable failure) throws Exception {
        if (kind == ALL && oneFamily && failure instanceof UnknownHostException && answeredByDns(api, failure)) {
            oneFamilyFailure = failure;
            // Later, on the event loop: Netty is still notifying this promise's other listeners.
            ((Executor) executor).execute(this);
            return;
        }
        fail(failure);
    }

    /**
     * Whether DNS answered (no such record, NXDOMAIN, SERVFAIL): Netty gives such a failure no cause,
     * or its {@code DnsErrorCauseException} with the response code, and a timeout or a transport
     * error as the cause otherwise.
     */
    static boolean answeredByDns(NettyApi api, Throwable failure) {
        Throwable cause = failure.getCause();
        return cause == null || api.isDnsErrorCause(cause);
    }

    /** The full lookup that explains a one-family lookup's failure. */
    @Override
    public void run() {
        try {
            Object future = hooks.explanation(resolver, host);
            api.addListener(future, new NettyLookup(hooks, policy, api, host, caller, EXPLAIN, resolver, executor));
        } catch (Throwable e) {
            hooks.unpatched(host, e);
            fail(oneFamilyFailure);
        }
    }

    private void succeed(Object value) {
        try {
            api.trySuccess(caller, value);
        } catch (Throwable e) {
            hooks.unpatched(host, e);
        }
    }

    private void fail(Throwable failure) {
        try {
            api.tryFailure(caller, failure);
        } catch (Throwable e) {
            hooks.unpatched(host, e);
        }
    }
}
