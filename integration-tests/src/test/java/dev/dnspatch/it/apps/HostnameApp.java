package dev.dnspatch.it.apps;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes each argument to {@code InetAddress.getAllByName} and prints what came back, one line
 * per argument: {@code LABEL: ok ADDRESSES}, {@code LABEL: UnknownHostException: MESSAGE}, or
 * {@code LABEL: threw CLASS: MESSAGE} for anything else. Nothing escapes, so one name cannot hide
 * the answers to the next.
 *
 * <p>The argument {@code <null>} stands for null; {@code <empty>} for the empty string.
 */
public final class HostnameApp {
    private HostnameApp() {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            String host = arg.equals("<null>") ? null : arg.equals("<empty>") ? "" : arg;
            System.out.println(label(arg) + ": " + lookUp(host));
        }
    }

    private static String lookUp(String host) {
        try {
            List<String> addresses = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(host)) {
                addresses.add(address.getHostAddress());
            }
            return "ok " + String.join(" ", addresses);
        } catch (UnknownHostException e) {
            return "UnknownHostException: " + e.getMessage();
        } catch (Throwable e) {
            return "threw " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** Long names would make unreadable lines: the first 20 characters and the length. */
    private static String label(String arg) {
        return arg.length() <= 40 ? arg : arg.substring(0, 20) + "...(" + arg.length() + " characters)";
    }
}
