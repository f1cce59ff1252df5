package dev.dnspatch.it.support;

import java.util.ArrayList;
import java.util.List;

/** Words for the launcher scripts the tests write, quoted for {@code /bin/sh}. */
public final class Shell {
    private Shell() {
    }

    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String quote(List<String> words) {
        List<String> quoted = new ArrayList<>();
        words.forEach(word -> quoted.add(quote(word)));
        return String.join(" ", quoted);
    }
}
