package dev.dnspatch.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An option whose value is one word out of a fixed set, like {@code mode} or {@code log}. */
interface Choice {
    /** The word users type. */
    String word();

    /** Takes {@code values()} rather than the enum's class: getEnumConstants() is reflection, slow at start-up. */
    static <E extends Enum<E> & Choice> E parse(E[] choices, String label, String value) throws ConfigException {
        String typed = value.trim();
        List<String> words = new ArrayList<>();
        for (E constant : choices) {
            if (constant.word().equalsIgnoreCase(typed)) {
                return constant;
            }
            words.add(constant.word());
        }
        String message = label + " must be one of " + String.join(", ", words) + " [" + Text.shown(value) + "]"
                + Text.didYouMean(typed, words);
        throw new ConfigException(message);
    }

    static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
