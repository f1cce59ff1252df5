package dev.dnspatch.it.apps;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * How the apps print what they got: addresses as people write them, exceptions on one line. No
 * library's class in sight, so any app (and the test servers) can use it whatever is on its class
 * path.
 */
public final class AppText {
    private AppText() {
    }

    public static String oneLine(Throwable e) {
        return String.valueOf(e).replaceAll("\\s*\\R\\s*", " ");
    }

    /** The address as people write it: 2001:db8::1, not 2001:db8:0:0:0:0:0:1 (RFC 5952). */
    public static String address(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
