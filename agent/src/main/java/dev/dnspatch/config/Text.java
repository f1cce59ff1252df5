package dev.dnspatch.config;

import java.util.Locale;

/** Small helpers that keep configuration messages on one readable line. */
final class Text {
    private static final int MAX_SHOWN = 60;

    private Text() {
    }

    /**
     * The value as it can be shown in brackets: control characters escaped so the message
     * stays one line, and long values cut so a 100 kB typo does not flood the log.
     */
    static String shown(String value) {
        StringBuilder out = new StringBuilder(MAX_SHOWN + 32);
        int i = 0;
        for (; i < value.length() && out.length() < MAX_SHOWN; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < value.length()) {
            out.append("... (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }

    /** The closest candidate by edit distance, or null when none is close enough to be a typo. */
    static String closest(String typed, Iterable<String> candidates) {
        String lowered = typed.toLowerCase(Locale.ROOT).replace('_', '-');
        if (lowered.length() > 40) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(lowered, candidate.toLowerCase(Locale.ROOT).replace('_', '-'));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, Math.min(3, best == null ? 0 : best.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    static String didYouMean(String typed, Iterable<String> candidates) {
        String match = closest(typed, candidates);
        return match == null ? "" : " (did you mean '" + match + "'?)";
    }

    /** Edit distance where swapping two neighbouring letters counts as one edit. */
    private static int distance(String a, String b) {
        int[] beforePrevious = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    current[j] = Math.min(current[j], beforePrevious[j - 2] + 1); // two letters swapped
                }
            }
            int[] recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.length()];
    }
}
