package dev.dnspatch.config;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs a check on inputs drawn from a seeded random, so that every run tries the same inputs.
 * {@code -Ddnspatch.test.seed=N} draws others. A failure names the seed, the try and the input;
 * the same seed fails on the same try again.
 */
final class Tries {
    static final long SEED = Long.getLong("dnspatch.test.seed", 20_261_127L);

    /** What a property checks; it throws (an assertion or anything else) to fail. */
    interface Check<T> {
        void check(T input) throws Exception;
    }

    private Tries() {
    }

    /**
     * Checks {@code tries} inputs. {@code property} also salts the seed, so that properties
     * sharing generators do not see the same inputs.
     */
    static <T> void forAll(String property, int tries, Function<SplittableRandom, T> generator, Check<T> check) {
        SplittableRandom random = new SplittableRandom(SEED ^ property.hashCode());
        for (int i = 1; i <= tries; i++) {
            T input = generator.apply(random);
            try {
                check.check(input);
            } catch (Throwable failure) {
                throw new AssertionError(property + " failed on try " + i + " of " + tries + " with seed " + SEED
                        + " (-Ddnspatch.test.seed=" + SEED + " repeats it); input " + shown(input) + ": " + failure,
                        failure);
            }
        }
    }

    /** The input on one line: control and non-ASCII characters escaped, very long values cut in the middle. */
    static String shown(Object input) {
        String text = input instanceof String ? "\"" + input + "\"" : String.valueOf(input);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() > 3_000) {
            return out.substring(0, 2_000) + " ... (" + (out.length() - 2_500) + " characters) ... "
                    + out.substring(out.length() - 500);
        }
        return out.toString();
    }
}
