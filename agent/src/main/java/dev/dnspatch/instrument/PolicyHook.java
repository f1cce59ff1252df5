package dev.dnspatch.instrument;

import dev.dnspatch.log.Log;
import dev.dnspatch.policy.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.BiFunction;

/**
 * What the bridge calls: the policy, behind a JDK type. It runs inside InetAddress, holding the
 * JDK's lookup lock for the host, so it never resolves a name and never lets a bug of its own
 * escape: the one exception it lets out is the policy's {@code UnknownHostException}, which
 * the patched method declares.
 */
final class PolicyHook implements BiFunction<String, InetAddress[], InetAddress[]> {
    private final AddressPolicy policy;
    private volatile boolean failedOnce;

    PolicyHook(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] apply(String host, InetAddress[] answer) {
        try {
            return policy.apply(host, answer);
        } catch (UnknownHostException nothingLeft) {
            throw PolicyHook.<RuntimeException>uncheck(nothingLeft);
        } catch (RuntimeException | LinkageError bug) {
            if (!failedOnce) {
                failedOnce = true;
                Log.error("lookup of " + host + " left unpatched after an internal error (" + bug + ")");
            }
            return answer;
        }
    }

    /** Throws a checked exception through BiFunction, whose apply cannot declare it. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T uncheck(Throwable checked) throws T {
        throw (T) checked;
    }
}
