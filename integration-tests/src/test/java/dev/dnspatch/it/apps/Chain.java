package dev.dnspatch.it.apps;

import java.util.ArrayList;
import java.util.List;

/** An exception and its causes on one line, as the apps print a failure. */
final class Chain {
    private Chain() {
    }

    /** {@code secret}, when given, never appears: it is replaced by {@code ***}. */
    static String of(Throwable e, String secret) {
        List<String> parts = new ArrayList<String>();
        for (Throwable t = e; t != null && parts.size() < 10; t = t.getCause() == t ? null : t.getCause()) {
            parts.add(String.valueOf(t).replaceAll("\\s*\\R\\s*", " "));
        }
        StringBuilder line = new StringBuilder();
        for (String part : parts) {
            line.append(line.length() == 0 ? "" : "; caused by ").append(part);
        }
        String text = line.toString();
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }
}
