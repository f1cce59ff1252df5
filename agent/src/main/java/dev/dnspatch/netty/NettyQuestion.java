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
 * One A or AAAA question that a client asked Netty's resolver itself, for records rather than
 * addresses (Armeria builds its addresses from them): the listener on the promise Netty completes,
 * and what it does with the outcome. The policy sees the addresses of the records one family at a
 * time ({@link AddressPolicy#applyToRecords}):
 *
 * <ul>
 *   <li>{@link #RECORDS} ({@code resolveAll(DnsQuestion...)}): the records it keeps go to the
 *       caller's promise, the others are released; where it keeps none, the caller gets its
 *       {@code UnknownHostException}, as Netty fails a question DNS has no records for. Where the
 *       question of an {@code -only} mode's own family finds nothing, the host is looked up once
 *       more in full, to say what it does have, as the address lookups do.</li>
 *   <li>{@link #QUERY} ({@code query(...)}): the response's answer section loses the records the
 *       policy drops, before the caller's promise gets the response.</li>
 * </ul>
 *
 * Whatever fails here hands the caller Netty's own outcome.
 */
final class NettyQuestion implements InvocationHandler, Runnable {
    static final int RECORDS = 0;
    static final int QUERY = 1;

    private final NettyHooks hooks;
    private final AddressPolicy policy;
    private final NettyApi api;
    private final String host;
    private final boolean ipv4;
    private final int kind;
    /** The promise the client holds, and the one Netty completes. */
    private final Object caller;
    private final Object mine;
    private final Object resolver;
    private final Object executor;
    private final AtomicBoolean handled = new AtomicBoolean();
    /** The failure of the question whose explanation {@link #run} looks for. */
    private volatile Throwable unanswered;

    NettyQuestion(NettyHooks hooks, AddressPolicy policy, NettyApi api, String host, boolean ipv4, int kind,
            Object caller, Object mine, Object resolver, Object executor) {
        this.hooks = hooks;
        this.policy = policy;
        this.api = api;
        this.host = host;
        this.ipv4 = ipv4;
        this.kind = kind;
        this.caller = caller;
        this.mine = mine;
        this.resolver = resolver;
        this.executor = executor;
    }

    Object caller() {
        return caller;
    }

    Object mine() {
        return mine;
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
            return "dnspatch's listener for the " + (ipv4 ? "A" : "AAAA") + " question for " + host;
        }
        return null;
    }

    void completed(Object future) {
        if (!handled.compareAndSet(false, true)) {
            return;
        }
        hooks.finished(this);
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
            fail(new UnknownHostException(host + ": the question's outcome could not be read (" + e + ")"));
            return;
        }
        if (!success) {
            if (kind == RECORDS && failure instanceof UnknownHostException && policy.askFor(host) != AddressPolicy.BOTH
                    && NettyLookup.answeredByDns(api, failure)) {
                unanswered = failure;
                // Later, on the event loop: Netty is still notifying this promise's other listeners.
                ((Executor) executor).execute(this);
                return;
            }
            fail(failure);
            return;
        }
        if (kind == QUERY) {
            try {
                filterResponse(answer);
            } catch (Throwable e) {
                hooks.unpatched(host, e);
            }
            succeed(answer);
            return;
        }
        List<?> records = (List<?>) answer;
        Object kept;
        try {
            kept = filterRecords(records);
        } catch (UnknownHostException none) {
            release(records);
            fail(none);
            return;
        } catch (Throwable e) {
            hooks.unpatched(host, e);
            kept = records;
        }
        succeed(kept);
    }

    /** The records the policy keeps, in Netty's order: the same list where it keeps them all. */
    private List<?> filterRecords(List<?> records) throws Exception {
        int type = ipv4 ? NettyApi.A : NettyApi.AAAA;
        InetAddress[] given = new InetAddress[records.size()];
        boolean[] isAddress = new boolean[records.size()];
        int n = 0;
        for (int i = 0; i < records.size(); i++) {
            Object record = records.get(i);
            byte[] bytes = api.typeOf(record) == type ? api.addressOf(record, type) : null;
            if (bytes != null) {
                isAddress[i] = true;
                given[n++] = InetAddress.getByAddress(bytes);
            }
        }
        if (n == 0) {
            return records;
        }
        InetAddress[] addresses = n == given.length ? given : Arrays.copyOf(given, n);
        InetAddress[] kept = policy.applyToRecords(host, ipv4, addresses);
        if (kept == addresses) {
            return records;
        }
        List<Object> result = new ArrayList<>(records.size());
        int next = 0;
        int k = 0;
        for (int i = 0; i < records.size(); i++) {
            Object record = records.get(i);
            if (!isAddress[i]) {
                result.add(record);
            } else if (k < kept.length && kept[k].equals(addresses[next++])) {
                k++;
                result.add(record);
            } else {
                api.release(record);
            }
        }
        return result;
    }

    /** Removes from the response's answer section the address records the policy drops. */
    private void filterResponse(Object envelope) throws Exception {
        Object response = api.response(envelope);
        int count = api.answers(response);
        int type = ipv4 ? NettyApi.A : NettyApi.AAAA;
        int[] at = new int[count];
        InetAddress[] given = new InetAddress[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            Object record = api.answerAt(response, i);
            byte[] bytes = api.typeOf(record) == type ? api.addressOf(record, type) : null;
            if (bytes != null) {
                at[n] = i;
                given[n++] = InetAddress.getByAddress(bytes);
            }
        }
        if (n == 0) {
            return;
        }
        InetAddress[] addresses = Arrays.copyOf(given, n);
        InetAddress[] kept;
        try {
            kept = policy.applyToRecords(host, ipv4, addresses);
        } catch (UnknownHostException none) {
            kept = new InetAddress[0];
        }
        if (kept == addresses) {
            return;
        }
        boolean[] keep = new boolean[n];
        for (int i = 0, k = 0; i < n; i++) {
            if (k < kept.length && kept[k].equals(addresses[i])) {
                keep[i] = true;
                k++;
            }
        }
        // From the end, so the indexes still to come stay where they were.
        for (int i = n - 1; i >= 0; i--) {
            if (!keep[i]) {
                api.removeAnswer(response, at[i]);
            }
        }
    }

    /**
     * The question of an {@code -only} mode's own family found nothing: the host's full lookup
     * says what it has, and the caller gets the policy's explanation, or else the question's own
     * failure, as without dnspatch.
     */
    @Override
    public void run() {
        try {
            Object full = hooks.explanation(resolver, host);
            api.addListener(full, new InvocationHandler() {
                @Override
                public Object invoke(Object proxy, Method method, Object[] arguments) {
                    if (method.getName().equals("operationComplete")) {
                        explain(arguments[0]);
                        return null;
                    }
                    return method.getName().equals("equals") ? (Object) (proxy == arguments[0])
                            : method.getName().equals("hashCode") ? (Object) System.identityHashCode(proxy) : null;
                }
            });
        } catch (Throwable e) {
            hooks.unpatched(host, e);
            fail(unanswered);
        }
    }

    private void explain(Object full) {
        try {
            if (api.isSuccess(full)) {
                List<?> addresses = (List<?>) api.getNow(full);
                policy.apply(host, addresses.toArray(new InetAddress[0]));
            }
        } catch (UnknownHostException nothingLeft) {
            fail(nothingLeft);
            return;
        } catch (Throwable e) {
            hooks.unpatched(host, e);
        }
        fail(unanswered);
    }

    private void succeed(Object value) {
        try {
            if (!api.trySuccess(caller, value)) {
                // The caller's promise was done already: nobody takes what Netty handed over.
                if (value instanceof List) {
                    release((List<?>) value);
                } else {
                    api.release(value);
                }
            }
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

    private void release(List<?> records) {
        for (Object record : records) {
            try {
                api.release(record);
            } catch (Throwable e) {
                hooks.unpatched(host, e);
                return;
            }
        }
    }
}
