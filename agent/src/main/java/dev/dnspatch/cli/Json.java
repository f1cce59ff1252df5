package dev.dnspatch.cli;

/**
 * A JSON writer just big enough for doctor's report, so the agent jar needs no JSON library.
 * Callers write the structure; this gets separators and string escapes right.
 */
final class Json {
    private final StringBuilder out = new StringBuilder();
    /** Whether the object or array being written already has a member: one flag per open level. */
    private boolean[] hasMember = new boolean[8];
    private int depth;

    Json beginObject() {
        return open('{');
    }

    Json endObject() {
        return close('}');
    }

    Json beginArray() {
        return open('[');
    }

    Json endArray() {
        return close(']');
    }

    /** Starts an object member; follow it with a value, an object or an array. */
    Json name(String name) {
        separate();
        string(name);
        out.append(':');
        hasMember[depth] = false; // the value that follows must not add a comma
        return this;
    }

    Json value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    Json value(long value) {
        separate();
        out.append(value);
        return this;
    }

    Json value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private Json open(char bracket) {
        separate();
        out.append(bracket);
        depth++;
        if (depth == hasMember.length) {
            hasMember = java.util.Arrays.copyOf(hasMember, depth * 2);
        }
        hasMember[depth] = false;
        return this;
    }

    private Json close(char bracket) {
        out.append(bracket);
        depth--;
        hasMember[depth] = true;
        return this;
    }

    /** A comma before every member but the first; a name's value takes none. */
    private void separate() {
        if (hasMember[depth]) {
            out.append(',');
        }
        hasMember[depth] = true;
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
